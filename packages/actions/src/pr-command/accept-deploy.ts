import * as core from '@actions/core'
import {
  checkCi,
  checkPull,
  parseRequireChecks,
  pullPolicyFor,
  readPull
} from '@rehearse/chatops'
import type { PullFacts, Refusal } from '@rehearse/chatops'
import { describeLock } from '@rehearse/engine'
import type { HeldLock } from '@rehearse/engine'
import { checkDeployable, loadCommandPlan } from './command-plan.js'
import { checkCommentHead, recheckHead } from './head-checks.js'
import { findRollbackTarget } from './rollback-target.js'
import type { Session } from './session.js'
import { saveCommandState } from './state.js'
import type { CommandState } from './state.js'

type DeployKind = CommandState['kind']

/**
 * `.deploy`, `.noop`, `.rollback`: the checks (among them: the head is one
 * the comment saw), then the lock, then a last look at the head, then
 * `continue=true` with the exact SHA. Everything that refuses happens
 * before anything is written; a refusal after the lock gives it back.
 */
export async function acceptDeploy(
  session: Session,
  command: { kind: DeployKind; environment?: string }
): Promise<string | void> {
  const { inputs, event, github } = session
  const environment = command.environment ?? inputs.environment
  session.output({ environment, noop: command.kind === 'noop' })
  const plan = await loadCommandPlan(session, environment)
  if ('reason' in plan) return session.refuse(plan, environment)
  const notDeployable = checkDeployable(session, plan, environment)
  if (notDeployable) return session.refuse(notDeployable, environment)
  // A per-PR environment: this pull request's own (preview/pr-42) is
  // locked, deployed (deploy-to-staging makes it from pr-number) and
  // reported on.
  const instance = plan.instanceOf(environment, event.prNumber)
  const pull = await readPull(github.gh, event.prNumber)
  const unsafe = checkPull(
    pull,
    { ...event, environment },
    policyOf(session, environment)
  )
  if (unsafe) return session.refuse(unsafe, instance.environment)
  const unseen = await checkCommentHead(session, command.kind, pull)
  if (unseen) return session.refuse(unseen, instance.environment)
  return acceptTarget(session, command.kind, pull, instance)
}

async function acceptTarget(
  session: Session,
  kind: DeployKind,
  pull: PullFacts,
  instance: { environment: string; url: string | undefined }
): Promise<string | void> {
  const { event, github } = session
  const { environment } = instance
  const target = await chooseTarget(session, kind, pull, environment)
  if ('reason' in target) return session.refuse(target, environment)
  const state = stateOf(session, kind, environment, target, instance.url)
  saveCommandState(state)
  let lock: HeldLock | undefined
  if (kind !== 'noop') {
    const taken = await takeRunLock(session, environment)
    if (taken.refusal) return session.refuse(taken.refusal, environment)
    lock = taken.lock
    saveCommandState({ ...state, lock })
  }
  const moved = await recheckHead(session, kind, pull)
  if (moved) {
    if (lock) await github.locks.release(environment, lock)
    saveCommandState({ ...state, lock: undefined })
    return session.refuse(moved, environment)
  }
  if (state.queuedDescription) {
    await github.ledger.setStage(target.sha, {
      environment,
      stage: 'deploy',
      state: 'pending',
      description: state.queuedDescription
    })
  }
  saveCommandState({ ...state, lock, accepted: true })
  session.output({
    continue: true,
    sha: target.sha,
    ref: target.ref,
    reason: ''
  })
  core.info(
    `accepted ${session.header.command} of ${target.sha} to ${environment} for #${event.prNumber}`
  )
}

function policyOf(session: Session, environment: string) {
  const { inputs } = session
  return pullPolicyFor(environment, {
    allowForks: inputs['allow-forks'],
    allowDrafts: inputs['allow-drafts'],
    allowNonDefaultBase: inputs['allow-non-default-base']
  })
}

// The run's lock: owner and reason for whoever it refuses, and a lease so
// a runner that dies without its post step cannot keep it.
async function takeRunLock(
  session: Session,
  environment: string
): Promise<{ lock: HeldLock; refusal?: undefined } | { refusal: Refusal }> {
  const { event, github, inputs } = session
  const attempt = await github.locks.acquire(environment, {
    owner: event.login,
    reason: session.header.command,
    pr: event.prNumber,
    runId: github.runId,
    attempt: github.runAttempt,
    kind: 'run',
    leaseMinutes: inputs['lock-lease-minutes'],
    // The commenter deploys under their own .lock; nobody else does.
    nest: true
  })
  if (attempt.acquired) return { lock: attempt.lock }
  return {
    refusal: {
      reason: 'environment_locked',
      message: `${describeLock(attempt.heldBy)} Comment again once it is released.`
    }
  }
}

interface Target {
  readonly sha: string
  readonly ref: string
}

async function chooseTarget(
  session: Session,
  kind: DeployKind,
  pull: PullFacts,
  environment: string
): Promise<Target | Refusal> {
  if (kind === 'rollback') {
    const sha = await findRollbackTarget(session.github.ledger, environment)
    if (typeof sha !== 'string') return sha
    return { sha, ref: sha }
  }
  const requirement = parseRequireChecks(session.inputs['require-checks'])
  const ci = await checkCi(session.github.gh, pull.headSha, requirement, {
    runId: session.github.runId,
    baseRef: pull.baseRef
  })
  if (ci.refusal) return ci.refusal
  return { sha: pull.headSha, ref: pull.headRef }
}

function stateOf(
  session: Session,
  kind: DeployKind,
  environment: string,
  target: Target,
  environmentUrl: string | undefined
): CommandState {
  const { event, inputs } = session
  return {
    kind,
    environment,
    sha: target.sha,
    ref: target.ref,
    login: event.login,
    prNumber: event.prNumber,
    commentId: event.commentId,
    prefix: inputs.prefix,
    environmentUrl,
    acceptedAt: new Date().toISOString(),
    queuedDescription:
      kind === 'noop'
        ? undefined
        : `Queued by ${session.header.command} from #${event.prNumber} (@${event.login})`,
    lock: undefined,
    accepted: false
  }
}
