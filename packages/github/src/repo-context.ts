import type { Octokit } from '@octokit/rest'

/** One repository on GitHub, and where warnings about it go. */
export interface RepoContext {
  readonly octokit: Octokit
  readonly owner: string
  readonly repo: string
  readonly warn: (message: string) => void
}

/** `owner/repo`, for messages. */
export function fullName(ctx: RepoContext): string {
  return `${ctx.owner}/${ctx.repo}`
}

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

/**
 * The SHA, lower-cased, if it is a full 40/64-hex commit id. GitHub's
 * `sha` filter and `ref` only pin the exact commit with the full id, so a
 * short or symbolic one is a bug in the caller, not a user error.
 */
export function fullSha(sha: string): string {
  const normalized = sha.trim().toLowerCase()
  if (!FULL_SHA.test(normalized))
    throw new Error(`expected a full commit SHA, got "${sha}"`)
  return normalized
}

/**
 * A status description within GitHub's 140 characters, ending in "…" when
 * cut. Measured in UTF-16 units (never more than characters) and cut
 * between code points, so an emoji is never split in half.
 */
export function truncate(text: string, max = 140): string {
  if (text.length <= max) return text
  let kept = ''
  for (const char of text) {
    if (kept.length + char.length > max - 1) break
    kept += char
  }
  return `${kept}…`
}
