import type { GitHubRepo } from './github-repo.js'
import { fitComment } from './inert.js'

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
  const comments = await gh.octokit.paginate(
    gh.octokit.rest.issues.listComments,
    { owner: gh.owner, repo: gh.repo, issue_number: issueNumber, per_page: 100 }
  )
  const mine = comments.findLast(
    c => c.user?.type === 'Bot' && (c.body ?? '').startsWith(`${head}\n`)
  )
  if (mine) {
    await gh.octokit.rest.issues.updateComment({
      owner: gh.owner,
      repo: gh.repo,
      comment_id: mine.id,
      body: text
    })
    return { id: mine.id, created: false }
  }
  const { data } = await gh.octokit.rest.issues.createComment({
    owner: gh.owner,
    repo: gh.repo,
    issue_number: issueNumber,
    body: text
  })
  return { id: data.id, created: true }
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
