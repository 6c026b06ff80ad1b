import type { Plan, PlanStep } from '../plan-types.js'

/** A step of the plan, with the list it belongs to (`deploy`, `strategy.switch`…). */
export interface PlacedStep {
  readonly list: string
  readonly index: number
  readonly step: PlanStep
}

/**
 * Every command the plan may run — deploy and rollback steps, the
 * strategy's switch or traffic steps and its metric — each the same in
 * every environment: the fingerprint hashes their scripts, the boundary
 * reads their text.
 */
export function everyStep(plan: Plan): PlacedStep[] {
  const strategy = plan.strategy
  const lists: [string, readonly PlanStep[]][] = [
    ['deploy', plan.deploy],
    ['rollback', plan.rollback],
    ['scale-down', plan.scaleDown],
    ['scale-up', plan.scaleUp],
    ['teardown', plan.teardown],
    ['facts', plan.facts],
    ...(strategy.type === 'blue-green'
      ? [['strategy.switch', strategy.switch] as [string, readonly PlanStep[]]]
      : []),
    ...(strategy.type === 'canary'
      ? [
          ['strategy.traffic', strategy.traffic] as [
            string,
            readonly PlanStep[]
          ]
        ]
      : [])
  ]
  const placed = lists.flatMap(([list, steps]) =>
    steps.map((step, index) => ({ list, index, step }))
  )
  if (strategy.type === 'canary' && strategy.metric) {
    const { run, timeoutMinutes } = strategy.metric
    placed.push({
      list: 'strategy.metric',
      index: 0,
      step: { name: 'metric', run, timeoutMinutes, env: {} }
    })
  }
  return placed
}
