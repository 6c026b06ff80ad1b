import type { PlanProblem } from './describe-schema-error.js'
import { commandLines } from './check-paths.js'
import type { PathSegment } from './locate.js'

type Variables = Record<string, string>
interface RawStep {
  run: string
  env?: Variables
}
interface RawPlan {
  artifact?: string
  deploy: RawStep[]
  rollback?: RawStep[]
  'scale-down'?: RawStep[]
  'scale-up'?: RawStep[]
  teardown?: RawStep[]
  strategy?: object
  environments: Record<string, { env?: Variables }>
}

// Linux refuses to start a process with one argument or one variable over
// 128 KiB (MAX_ARG_STRLEN), and every string must be free of NUL bytes.
// Found here, a step that could never start is refused before any
// deployment is recorded, instead of failing once it is.
const MAX_BYTES = 64 * 1024

/**
 * Run lines and variables no process can be given: a NUL byte, or more
 * than 64 KiB. And an artifact reference that is not one line.
 */
export function checkStepText(plan: RawPlan): PlanProblem[] {
  const problems: PlanProblem[] = []
  for (const { run, path } of commandLines(plan)) {
    const problem = textProblem(run, 'a command line', 'the commands')
    if (problem) problems.push({ path, message: problem })
  }
  for (const { value, path } of variables(plan)) {
    const problem = textProblem(value, 'a variable', 'the value')
    if (problem) problems.push({ path, message: problem })
  }
  if (typeof plan.artifact === 'string' && /\p{Cc}/u.test(plan.artifact))
    problems.push({
      path: ['artifact'],
      message: `must be one line without control characters (e.g. ghcr.io/acme/shop:\${{ sha }}), got ${JSON.stringify(plan.artifact.slice(0, 80))}`
    })
  return problems
}

function textProblem(
  text: string,
  what: string,
  moved: string
): string | undefined {
  if (text.includes('\0'))
    return `contains a NUL byte (\\0), which ${what} cannot carry; remove it`
  const bytes = Buffer.byteLength(text)
  if (bytes > MAX_BYTES)
    return `is ${bytes} bytes, more than ${what} may hold (${MAX_BYTES}); put ${moved} in a file of the repository and read it from a script`
  return undefined
}

function variables(plan: RawPlan): { value: string; path: PathSegment[] }[] {
  const strategy = (plan.strategy ?? {}) as Record<string, unknown>
  const lists: [PathSegment[], unknown][] = [
    [['deploy'], plan.deploy],
    [['rollback'], plan.rollback],
    [['scale-down'], plan['scale-down']],
    [['scale-up'], plan['scale-up']],
    [['teardown'], plan.teardown],
    [['strategy', 'switch'], strategy['switch']],
    [['strategy', 'traffic'], strategy['traffic']]
  ]
  const maps: [PathSegment[], Variables | undefined][] = [
    ...lists.flatMap(([at, steps]) =>
      (Array.isArray(steps) ? (steps as RawStep[]) : []).map(
        (step, index): [PathSegment[], Variables | undefined] => [
          [...at, index, 'env'],
          step.env
        ]
      )
    ),
    ...Object.entries(plan.environments).map(
      ([name, environment]): [PathSegment[], Variables | undefined] => [
        ['environments', name, 'env'],
        environment?.env
      ]
    )
  ]
  return maps.flatMap(([at, map]) =>
    Object.entries(map ?? {}).flatMap(([name, value]) =>
      typeof value === 'string' ? [{ value, path: [...at, name] }] : []
    )
  )
}
