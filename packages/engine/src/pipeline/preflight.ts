import { ConfigurationError } from '@rehearse/core'
import { assertWithinBoundary } from '../boundary/index.js'
import { computeFingerprint } from '../fingerprint/index.js'
import { environmentOf } from '../fingerprint/environment-of.js'
import { runnableEnvironment } from '../plan/per-pr.js'
import type { Fingerprint } from '../fingerprint/types.js'
import { activeFreeze } from '../gate/check-freeze.js'
import { evaluateGate } from '../gate/evaluate-gate.js'
import type { GateResult } from '../gate/types.js'
import { compareEnvironments } from '../parity/index.js'
import type { ParityReport } from '../parity/index.js'
import type { Plan } from '../plan-types.js'
import type { HeldLock } from '../ports.js'
import { effectiveLock, lockBlocks } from './locks.js'
import { takeLock } from './take-lock.js'
import type {
  PipelineDeps,
  PreparedStage,
  RunRequest,
  StageContext,
  StagePort,
  TakenLock
} from './types.js'

const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/
const short = (sha: string): string => sha.slice(0, 7)

/** Refuses before any write when the checkout is not the code to run. */
export async function assertCheckedOut(
  deps: Pick<PipelineDeps, 'source'>,
  sha: string
): Promise<void> {
  if (!FULL_SHA.test(sha)) {
    throw new ConfigurationError(
      `"${sha}" is not a full commit SHA. Pass the 40-character SHA of the commit to deploy.`,
      { reason: 'invalid_sha' }
    )
  }
  const head = await deps.source.headSha()
  if (head !== sha) {
    throw new ConfigurationError(
      `the checked-out HEAD is ${short(head)} but the SHA to deploy is ${short(sha)}. Check out exactly that commit first.`,
      { reason: 'sha_mismatch' }
    )
  }
}

/** The environments whose rehearsal this run needs: `requires`, plus `from`. */
export function requiredEnvironments(
  plan: Plan,
  environment: string,
  from?: string
): string[] {
  const required = new Set(environmentOf(plan, environment).requires)
  if (from && from !== environment) {
    if (!Object.hasOwn(plan.environments, from))
      throw new ConfigurationError(
        `${plan.file}: environment "${from}" to promote from is not defined (known: ${Object.keys(plan.environments).join(', ')}). Add it under "environments:" or fix the name.`,
        { reason: 'invalid_plan' }
      )
    required.add(from)
  }
  return [...required]
}

/** The stage ports of the request that the plan defines, in order. */
export function chosenPorts(request: RunRequest): StagePort[] {
  const { migrations, smoke } = request.stages
  return [migrations, smoke].filter(
    (port): port is StagePort =>
      port !== undefined && port.defines(request.plan)
  )
}

/** What preflight found, everything checked. */
export interface Preflight {
  readonly context: StageContext
  readonly fingerprint: Fingerprint
  readonly prepared: ReadonlyMap<StagePort['name'], PreparedStage>
  /** Undefined for a noop, which takes nothing. */
  readonly taken: TakenLock | undefined
  readonly gate: GateResult | undefined
  readonly parity: readonly ParityReport[]
  readonly rehearsedSha: string
  /** A freeze in force that the run was explicitly told to override. */
  readonly freezeOverride:
    | { readonly by: string; readonly reason: string; readonly freeze: string }
    | undefined
}

/**
 * Everything that can refuse the run, before any side effect: the
 * checkout is the SHA, each stage prepared (its database URL and smoke URL
 * resolved), the boundary holds for all of it, the lock is taken (a noop
 * only reads it), the gate passes for an environment with `requires`, the
 * stages' own read-only checks pass and the target is confirmed. A gate
 * refusal is returned (it is recorded); every other refusal throws.
 * A lock taken here is released again when preflight refuses.
 */
export async function runPreflight(
  request: RunRequest,
  deps: PipelineDeps
): Promise<Preflight> {
  const { plan, environment, sha } = request
  runnableEnvironment(plan, environment)
  const required = requiredEnvironments(plan, environment, request.from)
  await assertCheckedOut(deps, sha)
  const context: StageContext = {
    plan,
    environment,
    workspace: request.workspace,
    sha,
    deps,
    required
  }
  const prepared = new Map<StagePort['name'], PreparedStage>()
  for (const port of chosenPorts(request))
    prepared.set(port.name, await port.prepare(context))
  const reaches = [...prepared.values()].flatMap(stage => stage.reaches)
  assertWithinBoundary(plan, environment, reaches)
  const fingerprint = computeFingerprint(plan, environment, request.workspace)
  await request.confirmTarget?.()
  const taken = request.noop
    ? undefined
    : await takeLock(
        environment,
        {
          waitMs: request.lockWaitMs ?? 0,
          waitHint: request.lockWaitHint,
          leaseMinutes: leaseMinutes(plan),
          reason: request.lockReason ?? `deploying ${short(sha)}`,
          nest: request.nestInOwnHold ?? false
        },
        deps
      )
  if (taken) request.onLockTaken?.(taken)
  try {
    const holder = taken ? undefined : await lockHolder(environment, deps)
    const frozen = activeFreeze(plan, environment, deps.clock.now())
    const override = request.freezeOverride
      ? { by: deps.actor, reason: request.freezeOverride }
      : undefined
    if (frozen && override)
      deps.reporter.warning(
        `change freeze "${frozen.freeze.reason}" overridden by @${override.by}: "${override.reason}" (recorded with the deployment)`
      )
    const gate =
      required.length === 0 && !frozen
        ? undefined
        : await evaluateGate({
            plan,
            target: environment,
            required,
            sha,
            fingerprint,
            undeclaredDifferences: undeclared(plan, required, environment, sha),
            ledger: deps.ledger,
            source: deps.source,
            clock: deps.clock,
            lock: { mine: taken !== undefined, holder },
            freezeOverride: override,
            extensions: deps.gateExtensions,
            workspace: request.workspace
          })
    const parity = required.map(from =>
      compareEnvironments(plan, from, environment, { sha })
    )
    if (!gate || gate.ok) {
      for (const stage of prepared.values()) await stage.verify?.()
    }
    return {
      context,
      fingerprint,
      prepared,
      taken,
      gate,
      parity,
      rehearsedSha: gate?.rehearsedSha ?? sha,
      freezeOverride:
        frozen && override
          ? { ...override, freeze: frozen.freeze.reason }
          : undefined
    }
  } catch (error) {
    if (taken?.fresh) await deps.locks.release(environment, taken.lock)
    throw error
  }
}

// Another run's lock in force, for a noop's report.
async function lockHolder(
  environment: string,
  deps: PipelineDeps
): Promise<HeldLock | undefined> {
  const now = deps.clock.now()
  const lock = effectiveLock(await deps.locks.read(environment), now)
  return lock && lockBlocks(lock, deps.runId, now) ? lock : undefined
}

function undeclared(
  plan: Plan,
  required: readonly string[],
  target: string,
  sha: string
): Record<string, string[]> {
  return Object.fromEntries(
    required.map(from => [
      from,
      compareEnvironments(plan, from, target, { sha }).undeclared.map(
        row => row.name
      )
    ])
  )
}

// Long enough for every step to hit its timeout, plus time for the
// migrations and smoke stages; a killed runner's lock lapses after it.
function leaseMinutes(plan: Plan): number {
  const steps = plan.deploy.reduce((sum, step) => sum + step.timeoutMinutes, 0)
  return Math.min(Math.ceil(steps) + 60, 360)
}
