import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { REASONS } from '@rehearse/core'

// Reason codes are what workflows branch on (`outputs.reason`): each one
// the code sets is documented, and each one a README names exists.

const root = join(import.meta.dirname, '..', '..')
const codes = Object.keys(REASONS)

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    if (name === 'node_modules' || name === '__tests__') return []
    if (statSync(path).isDirectory()) return filesUnder(path, keep)
    return keep(path) ? [path] : []
  })
}

const source = filesUnder(join(root, 'packages'), path =>
  /\/src\/.*\.ts$/.test(path)
)
  .filter(path => !path.endsWith('reasons.ts'))
  .map(path => readFileSync(path, 'utf8'))
  .join('\n')

const docs = [
  join(root, 'README.md'),
  ...filesUnder(join(root, 'actions'), path =>
    /(README\.md|action\.yml)$/.test(path)
  ),
  ...filesUnder(join(root, 'packages'), path => path.endsWith('README.md'))
]

// snake_case words in the docs that are not reason codes: GitHub's and
// the databases' own names.
const NOT_REASONS = new Set([
  'issue_comment',
  'in_progress',
  'pull_request',
  'workflow_dispatch',
  'auto_inactive',
  'auto_merge',
  'required_contexts',
  'transient_environment',
  'production_environment',
  'environment_url',
  'log_url',
  'rehearse_migrations',
  'server_version',
  'pg_advisory_lock',
  'lock_timeout',
  'statement_timeout',
  'max_statement_time',
  'client_connection_check_interval',
  'idle_in_transaction_session_timeout',
  'duration_ms',
  'applied_by',
  'applied_at',
  'customer_id'
])

describe('reason codes', () => {
  it('are all listed in the README table, generated from the registry', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const table = readme.slice(
      readme.indexOf('<!-- reasons:start'),
      readme.indexOf('<!-- reasons:end')
    )
    const listed = [...table.matchAll(/^\| `([a-z_]+)` +\|/gm)].map(m => m[1])
    expect(listed).toEqual(codes)
  })

  it.each(codes)('%s is set somewhere in the shipped code', code => {
    expect(source).toMatch(new RegExp(`['"\`]${code}['"\`]`))
  })

  it.each(docs.map(path => relative(root, path)))(
    '%s names only codes that exist',
    path => {
      const text = readFileSync(join(root, path), 'utf8')
      const unknown = [...text.matchAll(/\b[a-z]+(?:_[a-z0-9]+)+\b/g)]
        .map(m => m[0])
        .filter(word => !Object.hasOwn(REASONS, word))
        .filter(word => !NOT_REASONS.has(word))
      expect(unknown).toEqual([])
    }
  )
})
