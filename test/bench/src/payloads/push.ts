import { userAccount } from './accounts.js'
import { completeRepository } from './complete.js'
import {
  replaceStrings,
  retargetRepository,
  type RepoOption
} from './retarget.js'
import { example, type JsonObject } from './sources.js'
import { assertValidPayload } from './validate.js'

const ZERO_SHA = '0'.repeat(40)

export interface PushOptions {
  /** The pushed head commit. */
  sha?: string
  ref?: string
  /** The previous tip; all zeros when the ref was created. */
  before?: string
  login?: string
  message?: string
  repo?: RepoOption
}

export interface PushPayload extends JsonObject {
  ref: string
  before: string
  after: string
  head_commit: JsonObject & { id: string; message: string }
  commits: Array<JsonObject & { id: string }>
  repository: JsonObject & { full_name: string }
}

/**
 * A `push` of one commit to a branch, built from GitHub's real example of a
 * branch push (its repository object is the push-specific shape, with
 * numeric timestamps and `master_branch`).
 */
export function pushEvent(options: PushOptions = {}): PushPayload {
  const source = example('push', undefined, isBranchPushWithCommit)
  completeRepository(source['repository'] as JsonObject)
  const moved = retargetRepository(source, options.repo)
  const sha = options.sha ?? '6113728f27ae82c7b1a177c8d03f9e96e0adf246'
  const before = options.before ?? ZERO_SHA
  const ref = options.ref ?? 'refs/heads/main'
  const login = options.login ?? 'octocat'
  const oldSha = String(moved['after'])
  const payload = replaceStrings(moved, text =>
    text.split(oldSha).join(sha)
  ) as JsonObject
  const commit = commitBy(payload, login, options.message)
  const html = String((payload['repository'] as JsonObject)['html_url'])
  Object.assign(payload, {
    ref,
    before,
    after: sha,
    created: before === ZERO_SHA,
    deleted: false,
    forced: false,
    compare:
      before === ZERO_SHA
        ? `${html}/commit/${sha}`
        : `${html}/compare/${before.slice(0, 12)}...${sha.slice(0, 12)}`,
    commits: [commit],
    head_commit: commit,
    pusher: { name: login, email: noreplyEmail(login) },
    sender: userAccount(login)
  })
  assertValidPayload('push', undefined, payload)
  return payload as PushPayload
}

function isBranchPushWithCommit(payload: JsonObject): boolean {
  const commits = payload['commits']
  return (
    String(payload['ref']).startsWith('refs/heads/') &&
    Array.isArray(commits) &&
    commits.length > 0
  )
}

function commitBy(
  payload: JsonObject,
  login: string,
  message: string | undefined
): JsonObject {
  const template = payload['head_commit'] as JsonObject
  const person = { name: login, email: noreplyEmail(login), username: login }
  return {
    ...template,
    message: message ?? String(template['message']),
    author: person,
    committer: person
  }
}

function noreplyEmail(login: string): string {
  const user = userAccount(login)
  return `${String(user['id'])}+${login}@users.noreply.github.com`
}
