import { setTimeout as sleep } from 'node:timers/promises'
import { isTransient, signalOf } from '@rehearse/github'
import type { GitHubRepo } from './github-repo.js'
import { fitComment } from './inert.js'

// Tries of the comment's POST, which the request policy never repeats:
// after a 5xx or a dropped connection GitHub may have posted it, so each
// try is preceded by a look for it (by its marker), never repeated blind.
const CREATE_TRIES = 3
// Time for a comment GitHub posted to show in the list before we look.
const LOOK_AGAIN_MS = 1000

/** The hidden first line that finds a reply again to update it in place. */
export function marker(key: string): string {
  return `<!-- rehearse:pr-command ${key} -->`
}

/**
 * Creates the reply, or updates the one this bot wrote before under the
 * same marker: one comment per pull request and key (e.g. environment),
 * however many commands are given. Only bot comments count, so a person
 * quoting the marker cannot have their comment overwritten.
 */
export async function upsertComment(
  gh: GitHubRepo,
  issueNumber: number,
  key: string,
  body: string
): Promise<{ id: number; created: boolean }> {
  const head = marker(key)
  const text = fitComment(`${head}\n${body}`)
  for (let tries = 1; ; tries += 1) {
    const mine = await findReply(gh, issueNumber, head)
    if (mine) {
      await gh.octokit.rest.issues.updateComment({
        owner: gh.owner,
        repo: gh.repo,
        comment_id: mine.id,
        body: text
      })
      // Found after a lost answer: it is the one this call posted.
      return { id: mine.id, created: tries > 1 }
    }
    try {
      const { data } = await gh.octokit.rest.issues.createComment({
        owner: gh.owner,
        repo: gh.repo,
        issue_number: issueNumber,
        body: text
      })
      return { id: data.id, created: true }
    } catch (error) {
      if (!isTransient(error) || tries >= CREATE_TRIES) throw error
      // Cut short by the job's cancellation; the next request then fails
      // as cancelled.
      const signal = signalOf(gh.octokit)
      await sleep(
        LOOK_AGAIN_MS * tries,
        undefined,
        signal ? { signal } : {}
      ).catch(() => undefined)
    }
  }
}

async function findReply(gh: GitHubRepo, issueNumber: number, head: string) {
  const comments = await gh.octokit.paginate(
    gh.octokit.rest.issues.listComments,
    { owner: gh.owner, repo: gh.repo, issue_number: issueNumber, per_page: 100 }
  )
  return comments.findLast(
    c => c.user?.type === 'Bot' && (c.body ?? '').startsWith(`${head}\n`)
  )
}

/** The reactions commands answer with. */
export type Reaction = 'eyes' | 'rocket' | '-1'

/** Reacts to the command's comment (idempotent on GitHub's side). */
export async function react(
  gh: GitHubRepo,
  commentId: number,
  content: Reaction
): Promise<void> {
  await gh.octokit.rest.reactions.createForIssueComment({
    owner: gh.owner,
    repo: gh.repo,
    comment_id: commentId,
    content
  })
}
