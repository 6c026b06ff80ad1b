import type { Plan } from '../plan-types.js'
import type { DeploymentRecord, StageStatus } from '../ports.js'
import { activeFreeze, checkFreeze } from './check-freeze.js'
import { checkLock } from './check-lock.js'
import { checkRollbackTime } from './check-rollback-time.js'
import { findRehearsal } from './find-rehearsal.js'
import type { GateCheck, GateInput, GateResult } from './types.js'

export type { GateInput } from './types.js'

const short = (sha: string): string => sha.slice(0, 7)

/** Stages the plan defines, so each must be green in the rehearsal. */
export function definedStages(plan: Plan): string[] {
  const smokeChecks = (plan.smoke?.checks as unknown[] | undefined) ?? []
  return [
    'deploy',
    ...(plan.migrations ? ['migrations'] : []),
    ...(smokeChecks.length > 0 ? ['smoke'] : []),
    // A way back is only trusted once it was rehearsed.
    ...(plan.rollback.length > 0 ? ['rollback'] : [])
  ]
}

/**
 * Every condition of the design, each reported even after one failed, so
 * the summary is a complete checklist. Fails closed: anything unknown refuses.
 */
export async function evaluateGate(input: GateInput): Promise<GateResult> {
  const checks: GateCheck[] = []
  let rehearsedSha: string | undefined
  for (const environment of input.required) {
    const rehearsal = await findRehearsal(
      input.ledger,
      input.source,
      environment,
      input.sha
    )
    // A rehearsal that was itself promoted on a tree-equal commit ran
    // that commit's artifact: keep following it to the build it ran.
    rehearsedSha ??= rehearsal?.payload?.release?.rehearsedSha ?? rehearsal?.sha
    checks.push(...(await checkEnvironment(input, environment, rehearsal)))
  }
  if (input.plan.environments[input.target]?.production)
    checks.push(await checkDefaultBranch(input))
  checks.push(
    checkFreeze(
      activeFreeze(input.plan, input.target, input.clock.now()),
      input.target,
      input.freezeOverride
    )
  )
  for (const extension of input.extensions ?? [])
    checks.push(
      ...(await extension.check({
        plan: input.plan,
        workspace: input.workspace ?? '.',
        target: input.target,
        required: input.required,
        sha: input.sha,
        ledger: input.ledger,
        clock: input.clock
      }))
    )
  // First: a locked target stops the run whatever else holds.
  checks.unshift(checkLock(input.target, input.lock))
  return { ok: checks.every(check => check.ok), checks, rehearsedSha }
}

// Production runs only what the default branch has (its protection
// reviewed it); a rehearsal may run a pull request's head.
async function checkDefaultBranch(input: GateInput): Promise<GateCheck> {
  const onDefault = await input.source.isOnDefaultBranch(input.sha)
  return {
    id: 'default-branch',
    title: `${short(input.sha)} is on the default branch`,
    ok: onDefault,
    ...(onDefault
      ? { message: 'it is' }
      : {
          reason: 'not_on_default_branch',
          message: `${short(input.sha)} is not on the default branch. Merge it first, then promote the merged commit (a merge with the same tree counts as the rehearsed code).`
        })
  }
}

async function checkEnvironment(
  input: GateInput,
  environment: string,
  rehearsal: DeploymentRecord | undefined
): Promise<GateCheck[]> {
  const found = checkRehearsal(input, environment, rehearsal)
  if (!found.ok || !rehearsal) {
    const skip = (id: string, title: string): GateCheck => ({
      id: `${id}:${environment}`,
      title,
      ok: false,
      skipped: true,
      message: 'not checked: no successful rehearsal'
    })
    return [
      found,
      skip('stages', `every ${environment} stage is green`),
      skip('fingerprint', `${environment} ran the same plan`),
      skip('soak', `${environment} has soaked`)
    ]
  }
  const stages = (await input.ledger.readStages(rehearsal.sha)).filter(
    status => status.environment === environment
  )
  return [
    found,
    checkStages(input, environment, rehearsal.sha, stages),
    checkFingerprint(input, environment, rehearsal),
    checkSoak(input, environment, rehearsal, stages),
    ...(await checkRollbackTime(input, environment, rehearsal.sha))
  ]
}

function checkRehearsal(
  input: GateInput,
  environment: string,
  rehearsal: DeploymentRecord | undefined
): GateCheck {
  const id = `rehearsal:${environment}`
  const title = `${environment} deployed this code successfully`
  if (!rehearsal) {
    return {
      id,
      title,
      ok: false,
      reason: 'no_rehearsal',
      message: `No deployment of ${short(input.sha)} (or of a commit with the same tree) to ${environment} exists. Deploy it to ${environment} first, then promote.`
    }
  }
  // Inactive: it went live, and a newer release replaced it since.
  if (rehearsal.state !== 'success' && rehearsal.state !== 'inactive') {
    return {
      id,
      title,
      ok: false,
      reason: 'rehearsal_not_successful',
      message: `The ${environment} deployment of ${short(rehearsal.sha)} is ${rehearsal.state ?? 'without status'}, not success. Fix it and deploy to ${environment} again.`
    }
  }
  const via =
    rehearsal.sha === input.sha
      ? ''
      : ` (tree-equal commit ${short(rehearsal.sha)})`
  return {
    id,
    title,
    ok: true,
    message: `deployment ${rehearsal.id}${via} succeeded`
  }
}

function checkStages(
  input: GateInput,
  environment: string,
  sha: string,
  stages: readonly StageStatus[]
): GateCheck {
  const id = `stages:${environment}`
  const title = `every ${environment} stage is green`
  for (const stage of definedStages(input.plan)) {
    const status = stages.find(s => s.stage === stage)
    const context = `rehearse/${environment}/${stage}`
    const rollback = stage === 'rollback'
    if (!status) {
      return {
        id,
        title,
        ok: false,
        reason: rollback ? 'rollback_not_rehearsed' : 'stage_missing',
        message: `${context} has not reported for ${short(sha)}. Run the ${stage} stage in ${environment} for this commit.`
      }
    }
    if (status.state !== 'success') {
      return {
        id,
        title,
        ok: false,
        reason: rollback ? 'rollback_not_rehearsed' : 'stage_failed',
        message: `${context} is ${status.state} for ${short(sha)}${status.description ? ` ("${status.description}")` : ''}. Fix it and rerun ${environment}.`
      }
    }
  }
  return {
    id,
    title,
    ok: true,
    message: definedStages(input.plan)
      .map(s => `${s} ✓`)
      .join(', ')
  }
}

function checkFingerprint(
  input: GateInput,
  environment: string,
  rehearsal: DeploymentRecord
): GateCheck {
  const id = `fingerprint:${environment}`
  const title = `${environment} ran the same plan`
  const undeclared = input.undeclaredDifferences[environment] ?? []
  if (undeclared.length > 0) {
    return {
      id,
      title,
      ok: false,
      reason: 'undeclared_difference',
      message: `${environment} and ${input.target} differ in ${undeclared.join(', ')} without declaring it. List them in parity.allow-differences in ${input.plan.file}, or make the environments match.`
    }
  }
  const rehearsed = rehearsal.payload
  if (!rehearsed || rehearsed.fingerprint !== input.fingerprint.value) {
    const parts = Object.entries(input.fingerprint.parts)
      .filter(([part, hash]) => rehearsed?.parts[part] !== hash)
      .map(([part]) => part)
    return {
      id,
      title,
      ok: false,
      reason: 'fingerprint_mismatch',
      message: `${input.target} would run something else than ${environment} rehearsed (differs: ${parts.join(', ') || 'unknown'}). Redeploy ${environment} with this plan, then promote.`
    }
  }
  return {
    id,
    title,
    ok: true,
    message: `${input.fingerprint.value.slice(0, 19)} matches`
  }
}

function checkSoak(
  input: GateInput,
  environment: string,
  rehearsal: DeploymentRecord,
  stages: readonly StageStatus[]
): GateCheck {
  const minutes = input.plan.environments[input.target]?.soakMinutes ?? 0
  const id = `soak:${environment}`
  const title = `${environment} has soaked ${minutes} min`
  // The rehearsal ends with its last green stage, not with the deploy
  // (an inactive deployment's time is when it was replaced: not counted).
  const times = [
    ...(rehearsal.state === 'success' ? [rehearsal.updatedAt] : []),
    ...stages.map(s => s.updatedAt)
  ].map(t => Date.parse(t))
  const passedAt = Math.max(...times.filter(t => !Number.isNaN(t)))
  const readyAt = passedAt + minutes * 60_000
  const now = input.clock.now().getTime()
  if (now >= readyAt)
    return {
      id,
      title,
      ok: true,
      message: `green since ${new Date(passedAt).toISOString()}`
    }
  const wait = Math.ceil((readyAt - now) / 60_000)
  return {
    id,
    title,
    ok: false,
    reason: 'soak_pending',
    message: `${environment} passed ${Math.floor((now - passedAt) / 60_000)} min ago; ${input.target} requires ${minutes} min of soak. Promote again after ${new Date(readyAt).toISOString()} (${wait} min).`
  }
}
