import type { Octokit } from '@octokit/rest'
import { ConfigurationError } from '@rehearse/core'
import { callGitHub, httpFailure } from './github-errors.js'
import {
  lockBranch,
  lockJson,
  lockMessage,
  parseLockMessage
} from './lock-record.js'
import type { LockRecord } from './lock-record.js'

/** A lock branch as read: its commit, what it says, and when it was written. */
export interface LockCommit {
  readonly sha: string
  readonly record: LockRecord | undefined
  readonly committedAt: string
}

// The 422s that are answers: the ref exists (create), or it moved or went
// away (fast-forward update). Any other 422 (a ruleset forbidding the
// branch, say) is a refusal the user must hear about, not contention.
const CONTENTION = /already exists|fast.?forward|does not exist/i

function contended(error: unknown, environment: string): boolean {
  const failure = httpFailure(error)
  if (failure?.status !== 422) return false
  if (CONTENTION.test(failure.message)) return true
  throw new ConfigurationError(
    `GitHub refused to write the lock branch ${lockBranch(environment)} (422 ${failure.message.replace(/ - https?:\/\/\S+$/, '')}): let this workflow's token create, update and delete it (rulesets, branch protection).`,
    { reason: 'lock_unavailable', cause: error }
  )
}

/** The few git data calls a lock needs, with messages that say what to fix. */
export function lockGitCalls(repository: {
  readonly octokit: Octokit
  readonly owner: string
  readonly repo: string
}) {
  const { octokit, owner, repo } = repository
  const fullName = `${owner}/${repo}`
  const write = (action: string) => ({
    action,
    permission: 'contents: write'
  })
  const ref = (environment: string) => `heads/${lockBranch(environment)}`

  const reading = (environment: string) => ({
    action: `reading the ${environment} lock`,
    permission: 'contents: read'
  })

  // The commit the lock branch points at; undefined when there is none.
  const refSha = (environment: string): Promise<string | undefined> =>
    callGitHub(reading(environment), fullName, async () => {
      try {
        const found = await octokit.rest.git.getRef({
          owner,
          repo,
          ref: ref(environment)
        })
        return found.data.object.sha
      } catch (error) {
        if (httpFailure(error)?.status === 404) return undefined
        throw error
      }
    })

  async function commit(
    environment: string,
    record: LockRecord,
    parents: string[]
  ): Promise<string> {
    return callGitHub(
      write(`writing the ${environment} lock`),
      fullName,
      async () => {
        const tree = await octokit.rest.git.createTree({
          owner,
          repo,
          tree: [
            {
              path: 'lock.json',
              mode: '100644',
              type: 'blob',
              content: `${lockJson(environment, record)}\n`
            }
          ]
        })
        const created = await octokit.rest.git.createCommit({
          owner,
          repo,
          message: lockMessage(environment, record),
          tree: tree.data.sha,
          parents
        })
        return created.data.sha
      }
    )
  }

  // false: the ref exists (422), which is how a held lock answers —
  // unless it is our own commit, from a try whose answer was lost.
  const createRef = (environment: string, sha: string) =>
    callGitHub(write(`taking the ${environment} lock`), fullName, async () => {
      try {
        await octokit.rest.git.createRef({
          owner,
          repo,
          ref: `refs/${ref(environment)}`,
          sha
        })
        return true
      } catch (error) {
        if (!contended(error, environment)) throw error
        return (await refSha(environment)) === sha
      }
    })

  // Fast-forward only: refused (undefined) unless the ref still is `from`.
  async function swap(
    environment: string,
    from: string,
    record: LockRecord
  ): Promise<string | undefined> {
    const next = await commit(environment, record, [from])
    return callGitHub(
      write(`updating the ${environment} lock`),
      fullName,
      async () => {
        try {
          await octokit.rest.git.updateRef({
            owner,
            repo,
            ref: ref(environment),
            sha: next,
            force: false
          })
          return next
        } catch (error) {
          if (!contended(error, environment)) throw error
          // A retried update whose first try landed (its answer was lost)
          // is refused as no fast-forward: the branch is already ours.
          return (await refSha(environment)) === next ? next : undefined
        }
      }
    )
  }

  const read = async (environment: string): Promise<LockCommit | undefined> => {
    const sha = await refSha(environment)
    if (!sha) return undefined
    return callGitHub(reading(environment), fullName, async () => {
      const { data } = await octokit.rest.git.getCommit({
        owner,
        repo,
        commit_sha: sha
      })
      return {
        sha,
        record: parseLockMessage(data.message),
        committedAt: data.committer.date ?? new Date(0).toISOString()
      }
    })
  }

  return { commit, createRef, swap, read, refSha }
}
