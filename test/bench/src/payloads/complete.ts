import type { JsonObject } from './sources.js'

// The examples predate fields the current schema requires. Each helper adds
// only what is missing, with the value GitHub sends for a fresh, untouched
// object; nothing present in an example is overwritten.

function ensure(object: JsonObject, key: string, value: unknown): void {
  if (!(key in object)) object[key] = value
}

/** A reactions rollup with no reactions yet. */
export function noReactions(url: string): JsonObject {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0
  }
}

export function completeRepository(repository: JsonObject): void {
  ensure(repository, 'has_discussions', false)
  ensure(repository, 'topics', [])
  ensure(repository, 'visibility', repository['private'] ? 'private' : 'public')
}

export function completeIssue(issue: JsonObject): void {
  ensure(issue, 'active_lock_reason', null)
  ensure(issue, 'reactions', noReactions(String(issue['url'])))
  for (const label of (issue['labels'] ?? []) as JsonObject[]) {
    // The newer examples carry GitHub's default text for its `bug` label.
    const isDefaultBug = label['default'] === true && label['name'] === 'bug'
    ensure(
      label,
      'description',
      isDefaultBug ? "Something isn't working" : null
    )
  }
}

export function completeComment(comment: JsonObject): void {
  ensure(comment, 'performed_via_github_app', null)
  ensure(comment, 'reactions', noReactions(String(comment['url'])))
}

export function completePullRequest(pullRequest: JsonObject): void {
  ensure(pullRequest, 'auto_merge', null)
  for (const side of ['head', 'base']) {
    const repo = (pullRequest[side] as JsonObject | undefined)?.['repo']
    if (repo) completeRepository(repo as JsonObject)
  }
}
