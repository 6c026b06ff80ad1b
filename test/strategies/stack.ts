import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { RunActionResult } from '@rehearse/bench'
import { startPipeline } from '../actions/pipeline-fixture.js'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { createPostgresDatabase } from '../migrations/databases.js'
import type { TestDatabase } from '../migrations/databases.js'
import { planOf, scriptsFor } from './scripts.js'
import type { PlanOptions } from './scripts.js'
import { startSite } from './sites.js'
import type { Site, WorldDir } from './sites.js'

type Environment = 'staging' | 'production'

/**
 * A repository with a plan of one strategy, the GitHub emulator, each
 * environment's servers (and with migrations its own PostgreSQL
 * database), and the bundled actions run as the runner runs them.
 */
export interface Stack {
  readonly p: Pipeline
  readonly sites: Readonly<Record<Environment, Site>>
  readonly dbs: Readonly<Record<Environment, TestDatabase>> | undefined
  /** The plan as committed first. */
  readonly plan: string
  /** Commits release `n` (app/release.txt) with `files`; returns its SHA. */
  release(n: number, files?: Record<string, string>): Promise<string>
  /** deploy-to-staging for the current SHA. */
  stage(): Promise<RunActionResult>
  /** promote-to-prod for the current SHA. */
  promote(): Promise<RunActionResult>
  /** What the scripts did in an environment, in order. */
  steps(environment: Environment): Promise<string[]>
  /** Writes (undefined: removes) a file of an environment's platform state. */
  setState(
    environment: Environment,
    name: string,
    text: string | undefined
  ): Promise<void>
  close(): Promise<void>
}

export const short = (sha: string): string => sha.slice(0, 7)

export interface StackOptions extends Omit<PlanOptions, 'sites'> {
  /** Files of release 1 besides the plan and scripts (migrations, app). */
  readonly files?: Record<string, string>
}

/** Starts a stack; release 1 is committed (with executable scripts). */
export async function startStack(options: StackOptions): Promise<Stack> {
  const dbs = options.migrations
    ? {
        staging: await createPostgresDatabase(),
        production: await createPostgresDatabase()
      }
    : undefined
  const world: WorldDir = { dir: '' }
  const layout = options.kind === 'blue-green' ? 'blue-green' : 'rollout'
  const sites = {
    staging: await startSite(world, 'staging', layout, dbs?.staging),
    production: await startSite(world, 'production', layout, dbs?.production)
  }
  const plan = planOf({ ...options, sites })
  const scripts = scriptsFor(options.kind)
  const p = await startPipeline({
    '.github/rehearse.yml': plan,
    ...scripts,
    ...options.files
  })
  world.dir = p.repo.dir
  for (const path of Object.keys(scripts).filter(f => f.endsWith('.sh')))
    await chmod(join(p.repo.dir, path), 0o755)
  await p.commit({}, 'release 1')
  const database = (environment: Environment): Record<string, string> =>
    dbs ? { 'database-url': dbs[environment].url } : {}
  const statePath = (environment: Environment, name: string) =>
    join(p.repo.dir, '.world', environment, name)
  return {
    p,
    sites,
    dbs,
    plan,
    release: (n, files = {}) =>
      p.commit({ 'app/release.txt': `release ${n}\n`, ...files }, `r${n}`),
    stage: () => p.run('deploy-to-staging', database('staging')),
    promote: () => p.run('promote-to-prod', database('production')),
    steps: async environment => {
      const text = await readFile(
        statePath(environment, 'steps.log'),
        'utf8'
      ).catch(() => '')
      return text.split('\n').filter(line => line !== '')
    },
    setState: async (environment, name, text) => {
      const path = statePath(environment, name)
      if (text === undefined) return rm(path, { force: true })
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, text)
    },
    close: async () => {
      await p.close()
      await Promise.all(Object.values(sites).map(site => site.close()))
      if (dbs) await Promise.all(Object.values(dbs).map(db => db.drop()))
    }
  }
}

/** Lines of a steps log added since `before` lines. */
export const since = (lines: readonly string[], before: number): string[] =>
  lines.slice(before)

/** The latest `rehearse/<env>/<stage>` status of a SHA. */
export function stageStatus(
  p: Pipeline,
  sha: string,
  environment: Environment,
  stage: string
) {
  return p.gh.state.commitStatuses
    .filter(
      s => s.sha === sha && s.context === `rehearse/${environment}/${stage}`
    )
    .at(-1)
}

/** An environment's deployments, oldest first, with their latest status. */
export function deploymentsOf(p: Pipeline, environment: Environment) {
  return p.gh.state.deployments
    .filter(d => d.environment === environment)
    .map(d => {
      const latest = p.gh.state.deploymentStatuses
        .filter(s => s.deploymentId === d.id)
        .at(-1)
      return {
        sha: d.sha,
        state: latest?.state,
        description: latest?.description ?? '',
        slot: payloadOf(d.payload).release?.slot
      }
    })
}

const payloadOf = (payload: unknown): { release?: { slot?: string } } =>
  typeof payload === 'string' ? JSON.parse(payload) : (payload as object)

/** The annotations' messages, one per line. */
export const messages = (result: RunActionResult): string =>
  result.annotations.map(a => a.message).join('\n')
