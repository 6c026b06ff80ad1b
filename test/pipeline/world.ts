import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startPipeline } from '../actions/pipeline-fixture.js'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { createPostgresDatabase } from '../migrations/databases.js'
import type { TestDatabase } from '../migrations/databases.js'
import { inDir } from '../migrations/migration-fixture.js'
import { startServer } from '../smoke/servers.js'
import type { TestServer } from '../smoke/servers.js'

/** The one migration of the plan: pending everywhere until a run applies it. */
export const PENDING_MIGRATION = {
  file: 'V1__orders.sql',
  sql: 'create table orders (id int primary key, total int not null);\n',
  table: 'orders'
} as const

// Leaves ran-<environment> in the workspace (the steps' working directory):
// a deploy that ran, in any environment, cannot go unnoticed.
const DEPLOY_SCRIPT = `#!/usr/bin/env bash
touch "ran-$REHEARSE_ENVIRONMENT"
echo "deployed $REHEARSE_SHA to $REHEARSE_ENVIRONMENT"
`

/** Where the environments of a world live. */
export interface WorldUrls {
  readonly staging: string
  readonly production: string
}

/**
 * A plan with every stage: the sql migrations, the deploy script and one
 * smoke check that fails at once when the environment is unhealthy (no
 * wait, no retry). `production` adds keys to the production environment,
 * as YAML flow values (e.g. `{ hosts: "['127.0.0.1:5432']" }`).
 */
export function pipelinePlan(
  urls: WorldUrls,
  production: Readonly<Record<string, string>> = {}
): string {
  const extra = Object.entries(production)
    .map(([key, value]) => `    ${key}: ${value}\n`)
    .join('')
  return `version: 1
deploy:
  - name: Apply
    run: ./deploy/apply.sh
environments:
  staging:
    url: ${urls.staging}
  production:
    url: ${urls.production}
    requires: [staging]
${extra}migrations:
  tool: sql
  dir: db/migrations
smoke:
  wait-for-healthy: { deadline-seconds: 0 }
  checks:
    - { name: health, path: /healthz, retries: 0 }
`
}

/** A loopback server answering /healthz, 200 while `healthy`, else 503. */
export interface HealthServer extends TestServer {
  healthy: boolean
}

async function startHealthServer(): Promise<HealthServer> {
  const state = { healthy: true }
  const server = await startServer((_request, response) => {
    response.writeHead(state.healthy ? 200 : 503).end()
  })
  return Object.defineProperty(server, 'healthy', {
    get: () => state.healthy,
    set: (value: boolean) => (state.healthy = value)
  }) as HealthServer
}

/**
 * One repository with its plans (several may sit side by side, chosen with
 * the `config` input or `--config`), the GitHub emulator serving it, a
 * staging and a production server, and throwaway PostgreSQL databases.
 */
export interface World<D extends string> {
  readonly p: Pipeline
  /** The repository: the actions' workspace and the CLI's working directory. */
  readonly dir: string
  readonly staging: HealthServer
  readonly production: HealthServer
  readonly db: Readonly<Record<D, TestDatabase>>
  /** Whether the deploy script ran for the environment. */
  deployed(environment: string): boolean
  close(): Promise<void>
}

/** Starts the servers and databases first: the plans may name them. */
export async function startWorld<D extends string>(
  databases: readonly D[],
  plans: (
    urls: WorldUrls,
    db: Readonly<Record<D, TestDatabase>>
  ) => Record<string, string>
): Promise<World<D>> {
  const [staging, production] = await Promise.all([
    startHealthServer(),
    startHealthServer()
  ])
  const created = await Promise.all(databases.map(createPostgresDatabase))
  const db = Object.fromEntries(
    databases.map((name, index) => [name, created[index]])
  ) as Record<D, TestDatabase>
  const release = async () => {
    await Promise.all([staging.close(), production.close()])
    await Promise.all(created.map(database => database.drop()))
  }
  const urls = { staging: staging.url, production: production.url }
  let p: Pipeline
  try {
    p = await startPipeline({
      ...plans(urls, db),
      'deploy/apply.sh': DEPLOY_SCRIPT,
      '.gitignore': '.rehearse/\nran-*\n',
      ...inDir({ [PENDING_MIGRATION.file]: PENDING_MIGRATION.sql })
    })
  } catch (error) {
    await release()
    throw error
  }
  return {
    p,
    dir: p.repo.dir,
    staging,
    production,
    db,
    deployed: environment => existsSync(join(p.repo.dir, `ran-${environment}`)),
    close: async () => {
      await p.close()
      await release()
    }
  }
}
