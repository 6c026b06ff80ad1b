import * as core from '@actions/core'
import {
  react,
  readPullHead,
  renderResult,
  upsertComment
} from '@rehearse/chatops'
import type { DeployOutcome } from '@rehearse/chatops'
import type { StageStatus } from '@rehearse/engine'
import { connect, header } from './context.js'
import type { PrGitHub } from './context.js'
import { describe, resultKey } from './session.js'
import { loadCommandState } from './state.js'
import { commentUrl, writeOutcomeSummary } from './write-summary.js'
import type { CommandState } from './state.js'

/**
 * Post step, run whatever happened to the job (failed, cancelled): gives
 * back the run's lock first, then reads the outcome from the
 * `rehearse/<env>/*` statuses of the SHA and writes the one result comment
 * of this PR and environment, and 🚀 or 👎.
 */
export async function postCommand(): Promise<void> {
  const state = loadCommandState()
  if (!state) return
  // Only the token: post must not fail again on an input main refused.
  const github = connect(core.getInput('token'))
  const notes: string[] = []
  if (state.lock) {
    try {
      const released = await github.locks.release(state.environment, state.lock)
      core.info(`${state.environment} lock: ${released}`)
      if (released === 'not-held') {
        notes.push(
          'The lock this run held was removed or replaced while it ran; the new lock was left in place.'
        )
      }
    } catch (error) {
      core.warning(
        `could not release the ${state.environment} lock (${describe(error)}); it lapses at ${state.lock.expiresAt ?? 'its lease end'}`
      )
    }
  }
  if (!state.accepted) return
  const { outcome, stages } = await readOutcome(github, state)
  const body = renderResult({
    ...header(
      state.prefix,
      state.kind,
      state.login,
      state.prNumber,
      github.logUrl
    ),
    environment: state.environment,
    outcome,
    sha: state.sha,
    ref: state.kind === 'rollback' ? undefined : state.ref,
    environmentUrl: await environmentUrl(github, state, outcome),
    stages,
    durationMs: Date.now() - Date.parse(state.acceptedAt),
    notes,
    rollback: state.kind === 'rollback'
  })
  const written = await upsertComment(
    github.gh,
    state.prNumber,
    resultKey(state.environment),
    body
  )
  await writeOutcomeSummary({
    header: header(
      state.prefix,
      state.kind,
      state.login,
      state.prNumber,
      github.logUrl
    ),
    environment: state.environment,
    sha: state.sha,
    outcome,
    stages,
    commentUrl: commentUrl(github.gh, state.prNumber, written.id)
  })
  const good = outcome === 'success' || outcome === 'noop'
  await react(github.gh, state.commentId, good ? 'rocket' : '-1')
  core.info(`${state.environment}: ${outcome}; replied on #${state.prNumber}`)
}

async function readOutcome(
  github: PrGitHub,
  state: CommandState
): Promise<{ outcome: DeployOutcome; stages: StageStatus[] }> {
  const read = async () =>
    (await github.ledger.readStages(state.sha)).filter(
      s => s.environment === state.environment
    )
  let stages = await read()
  if (state.kind === 'noop') return { outcome: 'noop', stages }
  const deploy = stages.find(s => s.stage === 'deploy')
  if (!deploy || deploy.state === 'pending') {
    // Still queued (or pending): the deploy never ran or never finished,
    // and nobody else will say so. A head that moved is why, most often:
    // the deploy step refused before it wrote anything.
    const moved = await headMoved(github, state)
    await github.ledger.setStage(state.sha, {
      environment: state.environment,
      stage: 'deploy',
      state: 'error',
      description: moved
        ? `Not deployed: #${state.prNumber}'s head moved to ${moved.slice(0, 7)} (ref_changed)`
        : deploy?.description === state.queuedDescription
          ? 'The job ended before the deploy step ran'
          : 'The job ended before the deploy finished'
    })
    stages = await read()
    return { outcome: moved ? 'ref-changed' : 'not-run', stages }
  }
  if (deploy.state === 'success') return { outcome: 'success', stages }
  if (deploy.state === 'error' && /^cancel/i.test(deploy.description))
    return { outcome: 'cancelled', stages }
  return { outcome: 'failure', stages }
}

async function environmentUrl(
  github: PrGitHub,
  state: CommandState,
  outcome: DeployOutcome
): Promise<string | undefined> {
  if (outcome !== 'success') return state.environmentUrl
  try {
    const deployment = await github.ledger.findDeployment(
      state.environment,
      state.sha
    )
    return deployment?.environmentUrl ?? state.environmentUrl
  } catch {
    return state.environmentUrl
  }
}

// The pull request's head now, when it is no longer the accepted SHA.
async function headMoved(
  github: PrGitHub,
  state: CommandState
): Promise<string | undefined> {
  if (state.kind === 'rollback') return undefined
  try {
    const now = await readPullHead(github.gh, state.prNumber)
    return now.sha === state.sha ? undefined : now.sha
  } catch {
    return undefined
  }
}
