import { definedStages } from '../gate/evaluate-gate.js'
import type { Plan } from '../plan-types.js'
import type { StageStatus } from '../ports.js'

const CLASSES = [
  'classDef success fill:#dafbe1,stroke:#1a7f37,color:#1a7f37',
  'classDef failure fill:#ffebe9,stroke:#cf222e,color:#cf222e',
  'classDef pending fill:#fff8c5,stroke:#9a6700,color:#9a6700',
  'classDef missing fill:#f6f8fa,stroke:#8c959f,color:#57606a'
]
const LABEL = {
  success: '✅',
  failure: '❌',
  error: '❌',
  pending: '⏳',
  missing: '·'
}

/** Environments ordered so each comes after those it requires. */
export function orderEnvironments(plan: Plan): string[] {
  const order: string[] = []
  const visit = (name: string): void => {
    if (order.includes(name)) return
    for (const required of plan.environments[name]?.requires ?? [])
      visit(required)
    order.push(name)
  }
  Object.keys(plan.environments).forEach(visit)
  return order
}

/** A Mermaid flowchart of which stages passed for one SHA. */
export function renderPipelineDiagram(
  plan: Plan,
  stages: readonly StageStatus[]
): string {
  const stageNames = definedStages(plan)
  const id = (env: string, stage: string): string =>
    `${env}_${stage}`.replace(/[^A-Za-z0-9_]/g, '_')
  const lines = ['```mermaid', 'flowchart LR']
  const classes: string[] = []
  for (const env of orderEnvironments(plan)) {
    stageNames.forEach((stage, index) => {
      const state =
        stages.find(s => s.environment === env && s.stage === stage)?.state ??
        'missing'
      const cls = state === 'error' ? 'failure' : state
      lines.push(`  ${id(env, stage)}["${env} · ${stage} ${LABEL[state]}"]`)
      classes.push(`  class ${id(env, stage)} ${cls}`)
      if (index > 0)
        lines.push(
          `  ${id(env, stageNames[index - 1] ?? stage)} --> ${id(env, stage)}`
        )
    })
    for (const required of plan.environments[env]?.requires ?? []) {
      const last = stageNames[stageNames.length - 1] ?? 'deploy'
      lines.push(
        `  ${id(required, last)} --> ${id(env, stageNames[0] ?? 'deploy')}`
      )
    }
  }
  return [...lines, ...classes, ...CLASSES.map(c => `  ${c}`), '```'].join('\n')
}
