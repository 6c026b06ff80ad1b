import { computeFingerprint } from '../fingerprint/index.js'
import type { Preflight } from './preflight.js'
import { chosenPorts } from './preflight.js'
import type {
  PipelineDeps,
  RunOutcome,
  RunRequest,
  StageName
} from './types.js'
import { STAGE_ORDER } from './types.js'

/** The stages this run would run, in order. */
export function stagesOf(request: RunRequest): StageName[] {
  const ports = new Set<StageName>(chosenPorts(request).map(port => port.name))
  if (request.stages.deploy) ports.add('deploy')
  return STAGE_ORDER.filter(stage => ports.has(stage))
}

/**
 * Where a refusal is recorded: the deploy status when the run deploys
 * (what required checks and the gate read), else its first stage.
 */
export function firstStageOf(request: RunRequest): StageName {
  const stages = stagesOf(request)
  return stages.includes('deploy') ? 'deploy' : (stages[0] ?? 'deploy')
}

function base(request: RunRequest, preflight: Preflight) {
  return {
    environment: request.environment,
    sha: request.sha,
    rehearsedSha: preflight.rehearsedSha,
    fingerprint: preflight.fingerprint,
    gate: preflight.gate,
    parity: preflight.parity,
    stages: [],
    deploy: undefined,
    lock: preflight.taken?.lock,
    rollback: undefined
  }
}

/** The gate said no: its first failed check names why. */
export function refusedOutcome(
  request: RunRequest,
  preflight: Preflight
): RunOutcome {
  const failed = preflight.gate?.checks.find(c => !c.ok && !c.skipped)
  return {
    ...base(request, preflight),
    status: 'refused',
    reason: failed?.reason,
    message: failed?.message ?? 'a gate condition failed'
  }
}

/** A noop: everything checked, nothing taken, recorded or run. */
export function describeNoop(
  request: RunRequest,
  preflight: Preflight,
  deps: PipelineDeps
): RunOutcome {
  const stages = stagesOf(request)
  const steps = request.plan.deploy.map(step => step.name).join(', ')
  deps.reporter.info(
    `noop: ${request.environment} would run ${stages.join(' → ')}${stages.includes('deploy') ? ` (deploy steps: ${steps})` : ''}; nothing was run or recorded`
  )
  if (preflight.gate && !preflight.gate.ok)
    return refusedOutcome(request, preflight)
  return {
    ...base(request, preflight),
    status: 'noop',
    reason: undefined,
    message: undefined
  }
}

/** A stage action whose stage the plan does not define: nothing to do. */
export function nothingToRun(request: RunRequest): RunOutcome {
  return {
    status: 'success',
    environment: request.environment,
    sha: request.sha,
    rehearsedSha: request.sha,
    fingerprint: computeFingerprint(
      request.plan,
      request.environment,
      request.workspace
    ),
    gate: undefined,
    parity: [],
    reason: undefined,
    message: undefined,
    stages: [],
    deploy: undefined,
    lock: undefined,
    rollback: undefined
  }
}
