import { issueCommentCreated } from '@rehearse/bench'
import { createPostgresDatabase } from '../../migrations/databases.js'
import type { ActionRun, Lane } from './bench.js'
import type { CorpusCase, Expectation } from './cases.js'
import type { Outcome } from './report.js'
import { serveResponse } from './smoke-server.js'
import type { ServedResponse } from './smoke-server.js'
import { casePlan, planPath } from './workspace.js'

/** What the fields of a case may hold (data files are not typed). */
interface CaseFields {
  action?: string
  inputs?: Record<string, string>
  env?: Record<string, string>
  plan?: string
  /** A comment body: pr-command runs on a new comment of alice on PR #42. */
  comment?: string
  commenter?: string
  /** An issue_comment event made from a good one: set or unset fields. */
  event?: {
    name?: string
    payload?: unknown
    set?: Record<string, unknown>
    unset?: string[]
  }
  /** `rehearse <args>` instead of an action. */
  cli?: string[]
  /** Migration files: run-migrations on a fresh PostgreSQL database. */
  migrations?: { files?: Record<string, string>; options?: string }
  /** The answer of a loopback server smoke-test is pointed at. */
  serve?: ServedResponse
}

let nextComment = 7_000_000
let nextPull = 100

/**
 * The CLI run of a plan case (`through: [cli]`): the same plan, refused
 * by `rehearse run` with the same line and reason, writing nothing.
 */
export function runCaseOnCli(lane: Lane, item: CorpusCase): Promise<Outcome> {
  const fields = item as CorpusCase & CaseFields
  const environment = fields.inputs?.environment ?? 'staging'
  const config = fields.inputs?.config ?? planPath(item.id)
  return lane.cli(['run', '--env', environment, '--config', config])
}

/** Runs one case on a lane: through its action, or the CLI. */
export async function runCase(
  lane: Lane,
  item: CorpusCase,
  defaultAction: string
): Promise<Outcome> {
  const fields = item as CorpusCase & CaseFields
  if (fields.cli) return lane.cli(fields.cli)
  const inputs: Record<string, string> = { ...fields.inputs }
  if (casePlan(item) !== undefined) inputs.config ??= planPath(item.id)
  const run = (extra: Record<string, string> = {}) => {
    const event = eventOf(lane, fields)
    return lane.action(fields.action ?? defaultAction, {
      inputs: { ...inputs, ...extra },
      env: { ...fields.env },
      ...(event ? { event } : {}),
      github: event
        ? { ref: 'refs/heads/main', actor: fields.commenter ?? 'alice' }
        : {}
    })
  }
  if (fields.migrations) return withDatabase(run)
  if (fields.serve) {
    const server = await serveResponse(fields.serve)
    try {
      return await run({ url: server.url })
    } finally {
      await server.close()
    }
  }
  return run()
}

const HISTORY = 'public.rehearse_migrations'

// A refused migration changes nothing: no table, no row, not even the
// history table, in a database made for the case.
async function withDatabase(
  run: (extra: Record<string, string>) => Promise<Outcome>
): Promise<Outcome> {
  const db = await createPostgresDatabase()
  try {
    const outcome = await run({ 'database-url': db.url })
    const tables = await db.query<{ name: string }>(
      `select table_schema || '.' || table_name as name
         from information_schema.tables
        where table_schema not in ('pg_catalog', 'information_schema')`
    )
    // The history table is made before the first migration runs; a
    // migration that fails there leaves it, empty, and nothing else.
    const history = tables.some(t => t.name === HISTORY)
      ? await db.query<{ version: string }>(`select version from ${HISTORY}`)
      : []
    return {
      ...outcome,
      leftovers: [
        ...outcome.leftovers,
        ...tables
          .filter(t => t.name !== HISTORY)
          .map(t => `database table ${t.name}`),
        ...history.map(row => `migration ${row.version} recorded`)
      ]
    }
  } finally {
    await db.drop()
  }
}

function eventOf(lane: Lane, fields: CaseFields): ActionRun['event'] {
  if (fields.comment === undefined && fields.event === undefined) return
  const body = fields.comment ?? '.deploy'
  const login = fields.commenter ?? 'alice'
  // A pull request of its own: the reply a refusal writes is always new.
  const prNumber = ++nextPull
  const head = lane.gh.state.refs.get('refs/heads/feature') ?? lane.sha
  lane.gh.seedPull({ number: prNumber, head: { ref: 'feature', sha: head } })
  const good = issueCommentCreated({
    body,
    login,
    prNumber,
    commentId: ++nextComment
  })
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  Object.assign(good.comment, { created_at: now, updated_at: now })
  lane.gh.seedComment({
    id: good.comment.id,
    issueNumber: prNumber,
    body,
    user: login,
    createdAt: now
  })
  const spec = fields.event ?? {}
  const payload =
    'payload' in spec ? spec.payload : patched(good, spec.set, spec.unset)
  return { name: spec.name ?? 'issue_comment', payload }
}

function patched(
  payload: object,
  set: Record<string, unknown> = {},
  unset: readonly string[] = []
): unknown {
  const copy = structuredClone(payload) as Record<string, unknown>
  for (const [path, value] of Object.entries(set)) place(copy, path, value)
  for (const path of unset) place(copy, path, undefined)
  return copy
}

function place(root: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.')
  const last = parts.pop() ?? ''
  let node: Record<string, unknown> = root
  for (const part of parts) {
    const next = node[part]
    if (!next || typeof next !== 'object') node[part] = {}
    node = node[part] as Record<string, unknown>
  }
  if (value === undefined) delete node[last]
  else node[last] = value
}

/** `$PLAN` in an expectation: the case's own plan path. */
export function expectationOf(item: CorpusCase): Expectation {
  const path = planPath(item.id)
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const { error, match } = item.expect
  return {
    ...item.expect,
    ...(error === undefined ? {} : { error: error.replaceAll('$PLAN', path) }),
    ...(match === undefined
      ? {}
      : { match: match.replaceAll('$PLAN', escaped) })
  }
}
