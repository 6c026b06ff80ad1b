import type { PlanProblem } from './describe-schema-error.js'

interface RawPlan {
  artifact?: string
  rollback?: unknown[]
  strategy?: { type?: string } & Record<string, unknown>
}

// What the schema describes but this version cannot run yet: refused, so
// nothing is ever run as something else than the plan says.
const UNBUILT =
  'is not built in this version of Rehearse; remove it (the deploy runs its steps directly) — it would otherwise be accepted and silently not happen'

/** Plan features accepted by the schema but without behaviour here. */
export function checkFeatures(plan: RawPlan): PlanProblem[] {
  const problems: PlanProblem[] = []
  const strategy = plan.strategy
  if (strategy && strategy.type !== 'direct') {
    problems.push({
      path: ['strategy', 'type'],
      reason: 'unsupported_feature',
      message: `strategy "${strategy.type}" ${UNBUILT}`
    })
  }
  for (const key of Object.keys(strategy ?? {})) {
    if (key === 'type') continue
    problems.push({
      path: ['strategy', key],
      reason: 'unsupported_feature',
      message: `"${key}" ${UNBUILT}`
    })
  }
  if (plan.rollback && plan.rollback.length > 0) {
    problems.push({
      path: ['rollback'],
      reason: 'unsupported_feature',
      message: `rollback steps ${UNBUILT}`
    })
  }
  return [...problems, ...checkArtifact(plan.artifact)]
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
