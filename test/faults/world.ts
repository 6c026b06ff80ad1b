import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Octokit } from '@octokit/rest'
import { parse, stringify } from 'yaml'
import { createGitRepo, startEmulator } from '@rehearse/bench'
import type { Emulator, GitRepo } from '@rehearse/bench'
import { root } from '../actions/pipeline-fixture.js'
import { createPostgresDatabase } from '../migrations/databases.js'
import type { TestDatabase } from '../migrations/databases.js'
import { startServer } from '../smoke/servers.js'
import type { TestServer } from '../smoke/servers.js'

/** What every flow of a campaign shares: the environments' servers and main-only manifests. */
export interface Shared {
  readonly staging: TestServer
  readonly production: TestServer
  /** action name → a directory whose action.yml has no post (a killed runner runs none). */
  readonly mainOnly: Readonly<Record<string, string>>
  /** Cleanups still running (databases dropped in the background). */
  readonly pending: Promise<void>[]
  close(): Promise<void>
}

const ACTIONS = ['pr-command', 'deploy-to-staging', 'promote-to-prod']

/** Health servers (always 200) and the main-only copies of the actions. */
export async function startShared(): Promise<Shared> {
  const healthy = () =>
    startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    })
  const [staging, production] = await Promise.all([healthy(), healthy()])
  const tmp = await mkdtemp(join(tmpdir(), 'rehearse-faults-'))
  const mainOnly: Record<string, string> = {}
  for (const name of ACTIONS) {
    const manifest = parse(
      await readFile(join(root, 'actions', name, 'action.yml'), 'utf8')
    ) as { runs: Record<string, string> }
    manifest.runs = {
      using: 'node24',
      main: join(root, 'dist', name, 'index.js')
    }
    const dir = join(tmp, name)
    await mkdir(dir)
    await writeFile(join(dir, 'action.yml'), stringify(manifest))
    mainOnly[name] = dir
  }
  const pending: Promise<void>[] = []
  return {
    staging,
    production,
    mainOnly,
    pending,
    close: async () => {
      await Promise.allSettled(pending)
      await Promise.all([staging.close(), production.close()])
      await rm(tmp, { recursive: true, force: true })
    }
  }
}

/** A small plan: migrations, one echo step, one smoke check, staging then production. */
export function faultPlan(shared: Shared): string {
  return `version: 1
artifact: ghcr.io/acme/shop:\${{ sha }}
deploy:
  - name: Apply
    run: echo "deploying $REHEARSE_SHA to $REHEARSE_ENVIRONMENT"
environments:
  staging:
    url: ${shared.staging.url}
  production:
    url: ${shared.production.url}
    requires: [staging]
migrations:
  tool: sql
  dir: db/migrations
smoke:
  wait-for-healthy: { deadline-seconds: 0 }
  checks:
    - { name: health, path: /healthz, retries: 0 }
`
}

const MIGRATION =
  'create table orders (id int primary key, total int not null);\n'

/** One flow's repository, emulator and databases. */
export interface FlowWorld {
  readonly repo: GitRepo
  readonly gh: Emulator
  /** main's head: what the push flow deploys. */
  readonly mainSha: string
  /** PR #42's head: what `.deploy` deploys. */
  readonly headSha: string
  readonly db: {
    readonly staging: TestDatabase
    readonly production: TestDatabase
  }
  close(): Promise<void>
}

/** PR #42 (alice's, write access) with green CI, on a repository with the plan. */
export async function startFlowWorld(shared: Shared): Promise<FlowWorld> {
  const databases = Promise.all([
    createPostgresDatabase(),
    createPostgresDatabase()
  ])
  // Settled here too, so a failed setup leaves no unhandled rejection.
  databases.catch(() => undefined)
  const repo = await createGitRepo()
  const mainSha = await repo.commit({
    files: {
      '.github/rehearse.yml': faultPlan(shared),
      'db/migrations/V1__orders.sql': MIGRATION,
      '.gitignore': '.rehearse/\n'
    },
    message: 'release 1'
  })
  await repo.branch('feature')
  await repo.checkout('feature')
  const headSha = await repo.commit({
    files: { 'app.txt': 'v2\n' },
    message: 'feature'
  })
  await repo.checkout('main')
  const gh = await startEmulator({
    owner: 'acme',
    repo: 'widgets',
    gitDir: repo.dir,
    collaborators: { alice: 'write' }
  })
  gh.seedPull({ number: 42, head: { ref: 'feature', sha: headSha } })
  const octokit = new Octokit({ auth: 'ci', baseUrl: gh.url })
  const params = { owner: 'acme', repo: 'widgets' }
  for (const sha of [mainSha, headSha])
    await octokit.rest.checks.create({
      ...params,
      head_sha: sha,
      name: 'build',
      status: 'completed',
      conclusion: 'success'
    })
  const [staging, production] = await databases
  gh.requests.length = 0
  return {
    repo,
    gh,
    mainSha,
    headSha,
    db: { staging, production },
    close: async () => {
      await gh.close()
      // Dropped while the next flow runs; the campaign waits at its end.
      shared.pending.push(
        Promise.all([staging.drop(), production.drop(), repo.dispose()]).then(
          () => undefined
        )
      )
    }
  }
}
