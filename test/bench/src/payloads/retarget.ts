import {
  legacyNodeId,
  organization,
  retargetAccount,
  stableId
} from './accounts.js'
import type { JsonObject } from './sources.js'

/** The repository a payload is sent for; the bench emulates `acme/widgets`. */
export interface RepoTarget {
  owner: string
  name: string
  private?: boolean
  defaultBranch?: string
}

export const DEFAULT_REPO: Readonly<Required<RepoTarget>> = {
  owner: 'acme',
  name: 'widgets',
  private: false,
  defaultBranch: 'main'
}

/** `owner/name`, or the parts to change from {@link DEFAULT_REPO}. */
export type RepoOption = string | Partial<RepoTarget>

/** The full target for a builder's `repo` option. */
export function resolveRepo(option: RepoOption = {}): Required<RepoTarget> {
  if (typeof option !== 'string') return { ...DEFAULT_REPO, ...option }
  const [owner, name, ...rest] = option.split('/')
  if (!owner || !name || rest.length > 0) {
    throw new Error(`repo must be "owner/name", got ${JSON.stringify(option)}`)
  }
  return { ...DEFAULT_REPO, owner, name }
}

/**
 * Moves a real example payload to `target`, an organization-owned
 * repository: every repository object in it (the event's, a PR's head and
 * base) gets the new name, ids and owner, every URL follows, and the payload
 * gets the `organization` GitHub sends for org repositories.
 */
export function retargetRepository(
  payload: JsonObject,
  target: RepoOption = {}
): JsonObject {
  const repo = resolveRepo(target)
  const repository = payload['repository'] as JsonObject
  const oldFullName = String(repository['full_name'])
  const fullName = `${repo.owner}/${repo.name}`
  for (const found of findObjects(
    payload,
    o => o['full_name'] === oldFullName
  )) {
    moveRepository(found, repo)
  }
  const moved = replaceStrings(payload, text =>
    text.split(oldFullName).join(fullName)
  ) as JsonObject
  moved['organization'] = organization(repo.owner)
  return moved
}

function moveRepository(
  repository: JsonObject,
  repo: Required<RepoTarget>
): void {
  const fullName = `${repo.owner}/${repo.name}`
  const id = stableId(`repo:${fullName}`, 100_000_000)
  Object.assign(repository, {
    id,
    node_id: legacyNodeId('Repository', id),
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    owner: retargetAccount(
      repository['owner'] as JsonObject,
      repo.owner,
      'Organization'
    ),
    default_branch: repo.defaultBranch
  })
  if ('visibility' in repository) {
    repository['visibility'] = repo.private ? 'private' : 'public'
  }
  // Push payloads still carry the pre-2020 alias of default_branch.
  if ('master_branch' in repository) {
    repository['master_branch'] = repo.defaultBranch
  }
}

/** Every object in a JSON tree that matches, outermost first. */
export function findObjects(
  value: unknown,
  matches: (object: JsonObject) => boolean
): JsonObject[] {
  if (Array.isArray(value)) return value.flatMap(v => findObjects(v, matches))
  if (typeof value !== 'object' || value === null) return []
  const object = value as JsonObject
  const nested = Object.values(object).flatMap(v => findObjects(v, matches))
  return matches(object) ? [object, ...nested] : nested
}

/** A copy of a JSON tree with every string passed through `map`. */
export function replaceStrings(
  value: unknown,
  map: (text: string) => string
): unknown {
  if (typeof value === 'string') return map(value)
  if (Array.isArray(value)) return value.map(v => replaceStrings(v, map))
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, replaceStrings(v, map)])
  )
}
