import { example, type JsonObject } from './sources.js'

/** The account types GitHub reports in `type`. */
export type AccountType = 'User' | 'Organization' | 'Bot'

/** A stable, realistic-looking database id for a name. */
export function stableId(name: string, floor = 10_000_000): number {
  // FNV-1a: the same name always yields the same id across runs.
  let hash = 0x811c9dc5
  for (const char of name) {
    hash ^= char.codePointAt(0) as number
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return floor + (hash % 90_000_000)
}

/**
 * GitHub's legacy global node id as the examples carry it: base64 of
 * `0<length of kind>:<kind><id>`, e.g. `MDQ6VXNlcjE=` for `04:User1`.
 */
export function legacyNodeId(kind: string, id: number): string {
  return Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64')
}

/** `login` is a GitHub App bot when it ends in `[bot]`. */
export function accountType(login: string): AccountType {
  return login.endsWith('[bot]') ? 'Bot' : 'User'
}

/**
 * Turns a real account object from an example (a `sender`, an `owner`) into
 * the same shape for another login: every URL, id and e-mail follows.
 */
export function retargetAccount(
  template: JsonObject,
  login: string,
  type: AccountType = accountType(login)
): JsonObject {
  const oldLogin = String(template['login'])
  const oldId = Number(template['id'])
  const id = stableId(`${type}:${login}`)
  const segment = new RegExp(
    `(/users/|/orgs/|github\\.com/)${escapeRegExp(oldLogin)}(?=$|[/?{])`,
    'g'
  )
  const account: JsonObject = {}
  for (const [key, value] of Object.entries(template)) {
    account[key] =
      typeof value === 'string'
        ? value
            .replace(segment, `$1${login}`)
            .replace(`/u/${oldId}?`, `/u/${id}?`)
            .replace(`${oldId}+${oldLogin}@`, `${id}+${login}@`)
        : value
  }
  Object.assign(account, { login, id, node_id: legacyNodeId(type, id) })
  if ('avatar_url' in template) {
    account['avatar_url'] = `https://avatars.githubusercontent.com/u/${id}?v=4`
  }
  if ('type' in template) account['type'] = type
  if ('name' in template) account['name'] = login
  if (type === 'Bot' && 'html_url' in template) {
    account['html_url'] =
      `https://github.com/apps/${login.replace(/\[bot\]$/, '')}`
  }
  return account
}

/** A user object (`sender`, `comment.user`) for `login`. */
export function userAccount(login: string): JsonObject {
  const template = example('issue_comment', 'created')['sender'] as JsonObject
  return retargetAccount(template, login)
}

/** The `organization` object of an event sent by an org-owned repository. */
export function organization(login: string): JsonObject {
  const template = example('workflow_dispatch')['organization'] as JsonObject
  const org = retargetAccount(template, login, 'Organization')
  org['description'] = null
  return org
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
