import {
  legacyNodeId,
  retargetAccount,
  stableId,
  userAccount
} from './accounts.js'
import { completePullRequest, completeRepository } from './complete.js'
import {
  replaceStrings,
  resolveRepo,
  retargetRepository,
  type RepoOption
} from './retarget.js'
import { example, type JsonObject } from './sources.js'
import { assertValidPayload } from './validate.js'

export interface PullRequestOptions {
  /** Any action with both a real example and a schema, e.g. synchronize. */
  action?: string
  number?: number
  headRef?: string
  headSha?: string
  baseRef?: string
  baseSha?: string
  /** The author; also the event's sender. */
  login?: string
  title?: string
  body?: string
  draft?: boolean
  repo?: RepoOption
}

export interface PullRequestPayload extends JsonObject {
  action: string
  number: number
  pull_request: JsonObject & {
    number: number
    head: JsonObject & { ref: string; sha: string }
    base: JsonObject & { ref: string; sha: string }
  }
  repository: JsonObject & { full_name: string }
}

/**
 * A `pull_request` payload for a same-repository branch, built from
 * GitHub's real example for the action and moved to the emulated repo.
 */
export function pullRequestEvent(
  options: PullRequestOptions = {}
): PullRequestPayload {
  const action = options.action ?? 'opened'
  const source = example('pull_request', action)
  completeRepository(source['repository'] as JsonObject)
  completePullRequest(source['pull_request'] as JsonObject)
  const moved = retargetRepository(source, options.repo)
  const number = options.number ?? 42
  const payload = renumber(moved, number, options)
  const pr = payload['pull_request'] as JsonObject
  const login = options.login ?? 'octocat'
  const owner = resolveRepo(options.repo).owner
  const id = stableId(`pull:${number}`, 1_000_000_000)
  Object.assign(pr, {
    id,
    node_id: legacyNodeId('PullRequest', id),
    user: userAccount(login),
    title: options.title ?? String(pr['title']),
    body: options.body ?? String(pr['body']),
    draft: options.draft ?? false,
    author_association: 'MEMBER'
  })
  setSide(pr, 'head', owner, options.headRef ?? 'feature')
  setSide(pr, 'base', owner, options.baseRef ?? 'main')
  payload['sender'] = userAccount(login)
  assertValidPayload('pull_request', action, payload)
  return payload as PullRequestPayload
}

// Number and SHAs appear inside many URLs (statuses, _links): rewrite them
// everywhere before setting the fields themselves.
function renumber(
  payload: JsonObject,
  number: number,
  options: PullRequestOptions
): JsonObject {
  const pr = payload['pull_request'] as JsonObject
  const old = Number(payload['number'])
  const head = pr['head'] as JsonObject
  const base = pr['base'] as JsonObject
  const shas: Array<[string, string | undefined]> = [
    [String(head['sha']), options.headSha],
    [String(base['sha']), options.baseSha]
  ]
  const path = new RegExp(`/(issues|pull|pulls)/${old}(?=$|[/#?.])`, 'g')
  const renumbered = replaceStrings(payload, text => {
    let result = text.replace(path, `/$1/${number}`)
    for (const [from, to] of shas) if (to) result = result.split(from).join(to)
    return result
  }) as JsonObject
  renumbered['number'] = number
  ;(renumbered['pull_request'] as JsonObject)['number'] = number
  return renumbered
}

function setSide(
  pr: JsonObject,
  side: 'head' | 'base',
  owner: string,
  ref: string
): void {
  const branch = pr[side] as JsonObject
  branch['ref'] = ref
  branch['label'] = `${owner}:${ref}`
  branch['user'] = retargetAccount(
    branch['user'] as JsonObject,
    owner,
    'Organization'
  )
}
