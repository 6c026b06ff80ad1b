import type { PlanProblem } from './describe-schema-error.js'
import type { PathSegment } from './locate.js'

interface RawPlan {
  artifact?: string
  rollback?: unknown[]
  strategy?: object
  environments: Record<string, { slots?: object }>
}
type RawStrategy = { type?: string } & Record<string, unknown>

// Keys that only one strategy uses: anywhere else they would be accepted
// and silently do nothing.
const ONLY_FOR: Readonly<Record<string, string>> = {
  switch: 'blue-green',
  steps: 'canary',
  traffic: 'canary',
  'pause-seconds': 'canary',
  metric: 'canary'
}

/** What the strategy needs, what only it uses, and `artifact`'s expressions. */
export function checkFeatures(plan: RawPlan): PlanProblem[] {
  const strategy = (plan.strategy ?? {}) as RawStrategy
  const type = strategy.type ?? 'direct'
  const problems: PlanProblem[] = []
  const at = (...path: PathSegment[]) => ['strategy', ...path]
  for (const key of Object.keys(strategy)) {
    const owner = ONLY_FOR[key]
    if (owner && owner !== type)
      problems.push({
        path: at(key),
        message: `"${key}" is used only by strategy ${owner}, not ${type}; remove it, or set strategy.type: ${owner}`
      })
  }
  if (type === 'blue-green') problems.push(...checkBlueGreen(plan, strategy))
  if (type === 'canary') problems.push(...checkCanary(strategy))
  for (const [name, environment] of Object.entries(plan.environments)) {
    if (environment?.slots && type !== 'blue-green')
      problems.push({
        path: ['environments', name, 'slots'],
        message: `slots are used only by strategy blue-green, not ${type}; remove them, or set strategy.type: blue-green`
      })
  }
  return [...problems, ...checkArtifact(plan.artifact)]
}

function checkBlueGreen(plan: RawPlan, strategy: RawStrategy): PlanProblem[] {
  const problems: PlanProblem[] = []
  if ((plan.rollback ?? []).length > 0)
    problems.push({
      path: ['rollback'],
      message:
        'blue-green goes back by switching to the previous slot, so rollback steps would never run; remove them'
    })
  if (!strategy.switch)
    problems.push({
      path: ['strategy'],
      message:
        'blue-green needs "switch": the steps that send traffic to REHEARSE_SLOT'
    })
  for (const [name, environment] of Object.entries(plan.environments)) {
    if (!environment?.slots)
      problems.push({
        path: ['environments', name],
        message: `blue-green needs the URL of each slot here: slots: { blue: { url: … }, green: { url: … } }`
      })
  }
  return problems
}

function checkCanary(strategy: RawStrategy): PlanProblem[] {
  const problems: PlanProblem[] = []
  const steps = strategy.steps as number[] | undefined
  if (!steps || !strategy.traffic)
    problems.push({
      path: ['strategy'],
      message:
        'canary needs "steps" (traffic percentages, e.g. [10, 50, 100]) and "traffic" (the steps that set REHEARSE_TRAFFIC_PERCENT)'
    })
  if (steps && !steps.every((p, i) => i === 0 || p > (steps[i - 1] ?? 0)))
    problems.push({
      path: ['strategy', 'steps'],
      message: 'traffic percentages must go up, each step more than the last'
    })
  if (steps && steps.at(-1) !== 100)
    problems.push({
      path: ['strategy', 'steps'],
      message: 'the last step must be 100: a canary ends with all the traffic'
    })
  const metric = strategy.metric as Record<string, unknown> | undefined
  if (metric && metric.max === undefined && metric.min === undefined)
    problems.push({
      path: ['strategy', 'metric'],
      message:
        'a metric needs "max" or "min": the value that fails the analysis'
    })
  return problems
}

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g

/** `${{ sha }}` is the one expression an artifact reference may use. */
function checkArtifact(artifact: string | undefined): PlanProblem[] {
  if (artifact === undefined) return []
  const problems: PlanProblem[] = []
  for (const [, inner = ''] of artifact.matchAll(EXPRESSION)) {
    if (inner.trim() !== 'sha')
      problems.push({
        path: ['artifact'],
        message: `unknown expression "\${{${inner}}}": only \${{ sha }} is replaced (by the commit SHA)`
      })
  }
  if (artifact.replace(EXPRESSION, '').includes('${{'))
    problems.push({
      path: ['artifact'],
      message: 'an expression "${{" is never closed with "}}"'
    })
  return problems
}
