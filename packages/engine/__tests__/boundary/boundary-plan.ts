import { loadFrom, baseFiles, basePlan } from '../fingerprint/plan-workspace.js'
import type {
  Edit,
  EnvironmentDoc,
  PlanDoc
} from '../fingerprint/plan-workspace.js'
import { checkBoundary } from '../../src/boundary/check-boundary.js'
import type { BoundaryReach } from '../../src/boundary/types.js'
import type { Plan } from '../../src/plan-types.js'

export { removeWorkspaces } from '../fingerprint/plan-workspace.js'
export type { Edit } from '../fingerprint/plan-workspace.js'

/** A production environment as written, with the extra `hosts:` list. */
export type ProductionDoc = EnvironmentDoc & {
  env: Record<string, string>
  hosts?: string[]
}

/**
 * The design's sketch (staging.example.com, example.com) as YAML on disk,
 * read by the real loader, after an edit. Without `rollback:` (refused at
 * load time until rollbacks are built); steps call their scripts with bash.
 */
export function planWith(edit: Edit = () => undefined): Plan {
  const plan = basePlan()
  delete (plan as Partial<PlanDoc>).rollback
  plan.deploy[0].run = 'bash deploy/apply.sh'
  const files = { ...baseFiles }
  edit(plan, files)
  return loadFrom(plan, files).plan
}

/** Production's environment in an edit, typed with `hosts:`. */
export function production(plan: PlanDoc): ProductionDoc {
  return plan.environments.production
}

/** Violations of a staging run, without the environment field. */
export function violations(
  edit: Edit,
  reaches: readonly BoundaryReach[] = [],
  environment = 'staging'
): { where: string; host: string; productionSource: string }[] {
  return checkBoundary(planWith(edit), environment, reaches).map(
    ({ where, host, productionSource }) => ({ where, host, productionSource })
  )
}
