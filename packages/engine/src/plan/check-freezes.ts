import { Cron } from 'croner'
import type { PlanProblem } from './describe-schema-error.js'

interface RawFreeze {
  environments?: string[]
  from?: string
  until?: string
  cron?: string
  'duration-hours'?: number
}

// ISO 8601 with an explicit zone: a freeze must mean the same moment on
// every runner, whatever its local time zone.
const ZONED =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/** Each freeze is one kind of window, well formed, for known environments. */
export function checkFreezes(
  freezes: readonly RawFreeze[] | undefined,
  environments: readonly string[]
): PlanProblem[] {
  return (freezes ?? []).flatMap((freeze, index) => {
    const at = (key?: string) =>
      key === undefined ? ['freeze', index] : ['freeze', index, key]
    const problems: PlanProblem[] = []
    for (const [i, name] of (freeze.environments ?? []).entries()) {
      if (!environments.includes(name))
        problems.push({
          path: ['freeze', index, 'environments', i],
          message: `unknown environment "${name}" (known: ${environments.join(', ')})`
        })
    }
    const dated = freeze.from !== undefined || freeze.until !== undefined
    const recurring =
      freeze.cron !== undefined || freeze['duration-hours'] !== undefined
    if (dated === recurring) {
      problems.push({
        path: at(),
        message:
          'give either "from" and "until" (a dated window) or "cron" and "duration-hours" (a recurring one)'
      })
      return problems
    }
    if (dated) problems.push(...checkDated(freeze, at))
    else problems.push(...checkRecurring(freeze, at))
    return problems
  })
}

function checkDated(
  freeze: RawFreeze,
  at: (key?: string) => (string | number)[]
): PlanProblem[] {
  const problems: PlanProblem[] = []
  for (const key of ['from', 'until'] as const) {
    const value = freeze[key]
    if (
      value === undefined ||
      !ZONED.test(value) ||
      Number.isNaN(Date.parse(value))
    )
      problems.push({
        path: at(key),
        message: `must be a date and time with a zone, e.g. 2026-11-27T00:00:00Z (got ${JSON.stringify(value ?? '')})`
      })
  }
  if (
    problems.length === 0 &&
    Date.parse(freeze.until ?? '') <= Date.parse(freeze.from ?? '')
  )
    problems.push({ path: at('until'), message: 'must come after "from"' })
  return problems
}

function checkRecurring(
  freeze: RawFreeze,
  at: (key?: string) => (string | number)[]
): PlanProblem[] {
  const problems: PlanProblem[] = []
  if (freeze['duration-hours'] === undefined)
    problems.push({
      path: at(),
      message: 'a recurring freeze needs "duration-hours"'
    })
  try {
    if (
      freeze.cron === undefined ||
      freeze.cron.trim().split(/\s+/).length !== 5
    )
      throw new Error('five fields')
    new Cron(freeze.cron, { timezone: 'UTC', paused: true })
  } catch {
    problems.push({
      path: at('cron'),
      message: `must be a 5-field cron expression in UTC (minute hour day month weekday), e.g. "0 18 * * 5" (got ${JSON.stringify(freeze.cron ?? '')})`
    })
  }
  return problems
}
