import * as core from '@actions/core'
import { checkHeadAsSeen, readPull } from '@rehearse/chatops'
import type { PullFacts, Refusal } from '@rehearse/chatops'
import type { Session } from './session.js'
import type { CommandState } from './state.js'

type DeployKind = CommandState['kind']

const short = (sha: string) => sha.slice(0, 7)

/**
 * The head read now must be the one the commenter saw: a push between the
 * comment and this run would otherwise be deployed unseen. GitHub's own
 * records decide (see checkHeadAsSeen); `.rollback` deploys a release from
 * the ledger, not the head, so it is not asked.
 */
export async function checkCommentHead(
  session: Session,
  kind: DeployKind,
  pull: PullFacts
): Promise<Refusal | undefined> {
  if (kind === 'rollback') return undefined
  const verdict = await checkHeadAsSeen(session.github.gh, {
    sha: pull.headSha,
    prNumber: pull.number,
    commentedAt: session.event.createdAt
  })
  for (const record of verdict.records)
    core.info(`${short(pull.headSha)}: ${record.what} at ${record.at}`)
  if (verdict.notice) core.notice(verdict.notice)
  return verdict.refusal
}

/**
 * After the lock, the head must still be the SHA that passed the checks:
 * a push in between would deploy code nobody checked.
 */
export async function recheckHead(
  session: Session,
  kind: DeployKind,
  pull: PullFacts
): Promise<Refusal | undefined> {
  if (kind === 'rollback') return undefined
  const now = await readPull(session.github.gh, pull.number)
  if (now.headSha === pull.headSha && now.state === 'open') return undefined
  return {
    reason: 'ref_changed',
    message: `#${pull.number} changed while the command was checked (head ${short(pull.headSha)} → ${short(now.headSha)}, ${now.state}); nothing was deployed. Comment ${session.header.command} again to deploy the new head.`
  }
}
