import type { CorpusCase, CorpusFile } from './cases.js'
import type { WorkspaceSpec } from './bench.js'

/** A plan every case that is not about the plan can rely on. */
export const GOOD_PLAN = `version: 1
artifact: ghcr.io/acme/shop:\${{ sha }}
deploy:
  - name: Apply
    run: ./deploy/ok.sh
environments:
  staging:
    url: https://staging.example.com
    env: { REPLICAS: "1" }
  production:
    url: https://example.com
    env: { REPLICAS: "6" }
    requires: [staging]
parity:
  allow-differences: [REPLICAS]
`

/** Where a case's own plan is committed; `config` points there. */
export const planPath = (id: string): string => `plans/${id}.yml`

/** Where a migrations case's files are committed. */
export const migrationsDir = (id: string): string => `db/cases/${id}`

const PLAN_HEAD = `version: 1
deploy:
  - run: ./deploy/ok.sh
environments:
  staging:
    url: https://staging.example.com
`

/**
 * The plan a case runs with: its own `plan`, or one made for its
 * `migrations` files or its `smoke` checks.
 */
export function casePlan(item: CorpusCase): string | undefined {
  if (typeof item.plan === 'string') return item.plan
  const migrations = item.migrations as { options?: string } | undefined
  if (migrations)
    return `${PLAN_HEAD}migrations:\n  tool: sql\n  dir: ${migrationsDir(item.id)}\n${indent(migrations.options ?? '')}`
  if (typeof item.smoke === 'string')
    return `${PLAN_HEAD}smoke:\n${indent(item.smoke)}`
  return undefined
}

// Sections are written flush left in the data files, nested here.
function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ')
}

/**
 * The one repository every lane commits: the good plan, scripts in every
 * state a plan can name (runnable, not executable, links out of the
 * repository), and each case's own plan and files.
 */
export function corpusWorkspace(files: readonly CorpusFile[]): WorkspaceSpec {
  const all: Record<string, string> = {
    '.github/rehearse.yml': GOOD_PLAN,
    'deploy/ok.sh': '#!/bin/sh\necho ok\n',
    'deploy/noexec.sh': '#!/bin/sh\necho never\n',
    'db/migrations/.keep': '',
    'plans/a-folder/.keep': ''
  }
  const ids = new Set<string>()
  for (const file of files)
    for (const item of file.cases) {
      // Plans and folders are named by id: one id, one case, corpus-wide.
      if (ids.has(item.id))
        throw new Error(`${file.category}: case id "${item.id}" is used twice`)
      ids.add(item.id)
      const plan = casePlan(item)
      if (plan !== undefined) all[planPath(item.id)] = plan
      Object.assign(all, casesFiles(item))
    }
  return {
    files: all,
    executable: ['deploy/ok.sh'],
    symlinks: {
      'deploy/link-out.sh': '/bin/sh',
      'deploy/link-up.sh': '../../outside.sh'
    }
  }
}

function casesFiles(item: CorpusCase): Record<string, string> {
  const files = { ...(item.files as Record<string, string> | undefined) }
  const migrations = item.migrations as
    { files?: Record<string, string> } | undefined
  for (const [name, text] of Object.entries(migrations?.files ?? {}))
    files[`${migrationsDir(item.id)}/${name}`] = text
  return files
}
