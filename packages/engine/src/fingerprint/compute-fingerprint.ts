import { readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Plan, PlanEnvironment, PlanStep } from '../plan-types.js'
import { migrationSetChecksum } from '../migrations/migration-set-checksum.js'
import { everyStep } from '../plan/every-step.js'
import { scriptReferences } from '../plan/script-paths.js'
import { SHORT_HASH, hashOf, sha256 } from './canonical-json.js'
import { environmentOf } from './environment-of.js'
import type { Fingerprint, FingerprintPart } from './types.js'

export interface FingerprintExtra {
  /** Checksum of the migration set; default: migrationSetChecksum of the plan. */
  readonly migrations?: string
}

// Each part is a map of items: the part's hash covers the whole map, and each
// item's own hash becomes a detail so a mismatch can name what changed.
type PartItems = Readonly<Record<string, unknown>>

/**
 * The fingerprint of what `environment` runs: the plan's steps, strategy,
 * the contents of the script files the steps name, the artifact reference as
 * written, the migrations checksum, and the NAMES of the environment's
 * variables (minus `parity.allow-differences`). Values of the environment's
 * variables, its url, requires and soak never enter it, so a rehearsal and
 * its promotion match exactly when they run the same thing.
 */
export function computeFingerprint(
  plan: Plan,
  environment: string,
  workspace: string,
  extra: FingerprintExtra = {}
): Fingerprint {
  const target = environmentOf(plan, environment)
  const items: Record<FingerprintPart, PartItems> = {
    steps: stepItems(plan),
    strategy: { strategy: plan.strategy },
    scripts: scriptItems(plan, workspace),
    // The template, not the resolved reference: a tree-equal merge commit
    // has another SHA but still promotes the same build recipe.
    artifact: { artifact: plan.artifact ?? null },
    migrations: {
      migrations: extra.migrations ?? migrationSetChecksum(plan, workspace)
    },
    variables: variableItems(plan, target)
  }
  const full = {} as Record<FingerprintPart, string>
  const parts = {} as Record<FingerprintPart, string>
  const details: Record<string, string> = {}
  for (const part of Object.keys(items) as FingerprintPart[]) {
    full[part] = hashOf(items[part])
    parts[part] = full[part].slice(0, SHORT_HASH)
    if (!ITEMIZED.has(part)) continue
    for (const [item, value] of Object.entries(items[part])) {
      details[`${part}:${item}`] = hashOf(value).slice(0, SHORT_HASH)
    }
  }
  return {
    value: `sha256:${hashOf({ rehearse: 1, parts: full })}`,
    parts,
    details
  }
}

// Parts made of one value have nothing finer to report.
const ITEMIZED = new Set<FingerprintPart>(['steps', 'scripts', 'variables'])

function stepItems(plan: Plan): PartItems {
  const items: Record<string, unknown> = {}
  const add = (list: string, steps: readonly PlanStep[]): void =>
    steps.forEach((step, index) => {
      // Step env names AND values: they are the same in every environment.
      items[`${list}[${index}]`] = {
        name: step.name,
        run: step.run,
        timeoutMinutes: step.timeoutMinutes,
        env: step.env
      }
    })
  add('deploy', plan.deploy)
  add('rollback', plan.rollback)
  return items
}

// Files named by any step (deploy, rollback, switch, traffic, metric), by
// path, with their content hash.
// A path-like word that is not a file (`docker pull acme/shop`) is data,
// already covered by the step's own text.
function scriptItems(plan: Plan, workspace: string): PartItems {
  const items: Record<string, string> = {}
  // Scaling and teardown steps never run in production, and facts only
  // read an environment: no part of a release.
  for (const { list, step } of everyStep(plan)) {
    if (list.startsWith('scale-') || list === 'teardown' || list === 'facts')
      continue
    for (const { path } of scriptReferences(step.run)) {
      if (Object.hasOwn(items, path)) continue
      const full = resolve(workspace, path)
      if (!statSync(full, { throwIfNoEntry: false })?.isFile()) continue
      items[path] = sha256(readFileSync(full))
    }
  }
  return items
}

function variableItems(plan: Plan, target: PlanEnvironment): PartItems {
  // A declared difference must not break the match, so its name is left out.
  const allowed = new Set(plan.parity.allowDifferences)
  const names = Object.keys(target.env).filter(name => !allowed.has(name))
  return Object.fromEntries(names.map(name => [name, true]))
}
