import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  cliReason,
  localDeployments,
  localLocks,
  lockInFile,
  lockOnGitHub,
  runCli,
  schemaObjects,
  unlockEverywhere
} from './probes.js'
import { PENDING_MIGRATION, pipelinePlan, startWorld } from './world.js'
import type { World } from './world.js'
import { heldLockRef } from '../support/index.js'

// Production is refused — soak pending, a lock someone else holds, a
// failed staging stage — before its database is touched, whichever entry
// point runs first: run-migrations alone (which once migrated production
// before promote-to-prod's gate refused), promote-to-prod, or the CLI's
// promote. Staging rehearsed the pending migration, so that only the one
// condition stands in the way; the lock world then lifts it and shows
// that the very same runs migrate production.

type Databases = 'staging' | 'production' | 'localStaging' | 'localProduction'
type W = World<Databases>

/** Staging rehearses the whole plan on GitHub: V1 applied on its database. */
async function rehearseOnGitHub(w: W) {
  const result = await w.p.run('deploy-to-staging', {
    'database-url': w.db.staging.url
  })
  expect(result.main.exitCode).toBe(0)
}

/** ... and locally, the CLI with its own staging database. */
async function rehearseLocally(w: W) {
  return runCli(['run', '--env', 'staging'], w.dir, {
    DATABASE_URL: w.db.localStaging.url
  })
}

/** Both rehearsals pass (they share nothing, so they run side by side). */
async function rehearseBoth(w: W) {
  const [, local] = await Promise.all([rehearseOnGitHub(w), rehearseLocally(w)])
  expect(local.code).toBe(0)
}

interface Condition {
  /** YAML values added to the production environment. */
  readonly production?: Record<string, string>
  /** Rehearses staging so that only this condition fails. */
  readonly arrange: (w: W) => Promise<void>
  /** Lifts the condition, where a test can (not the clock). */
  readonly lift?: (w: W) => Promise<void>
  /** The reason code of the actions, and of the CLI. */
  readonly reasons: readonly [string, string]
  readonly message: RegExp
}

const CONDITIONS: [string, Condition][] = [
  [
    'soak pending',
    {
      production: { 'soak-minutes': '30' },
      arrange: rehearseBoth,
      reasons: ['soak_pending', 'soak_pending'],
      message: /production requires 30 min of soak/
    }
  ],
  [
    'a lock held by someone else',
    {
      arrange: async w => {
        await rehearseBoth(w)
        await lockOnGitHub(w.p.gh, 'production', 'mia')
        await lockInFile(w.dir, 'production', 'mia')
      },
      lift: w => unlockEverywhere(w.p.gh, w.dir, 'production'),
      reasons: ['environment_locked', 'environment_locked'],
      message: /production is locked by @mia.*"release freeze"/
    }
  ],
  [
    'a failed staging stage',
    {
      arrange: async w => {
        await rehearseOnGitHub(w)
        // A later smoke test of staging fails; locally, the rehearsal's.
        w.staging.healthy = false
        const smoke = await w.p.run('smoke-test')
        expect(smoke.outputs.reason).toBe('smoke_failed')
        const local = await rehearseLocally(w)
        expect(local.stdout).toContain('✗ smoke in staging')
      },
      reasons: ['stage_failed', 'rehearsal_not_successful'],
      message:
        /rehearse\/staging\/smoke is failure|staging deployment of [0-9a-f]{7} is failure/
    }
  ]
]

/** An entry point run against production, as a result to compare. */
interface Ran {
  readonly code: number | null
  readonly reason: string | undefined
  /** The error it printed (annotations, or stderr). */
  readonly error: string
}

type Where = 'github' | 'local'

function github(result: Awaited<ReturnType<W['p']['run']>>): Ran {
  expect(result.post?.exitCode).toBe(0)
  return {
    code: result.main.exitCode,
    reason: result.outputs.reason,
    error: result.annotations
      .filter(a => a.level === 'error')
      .map(a => a.message)
      .join('\n')
  }
}

// Each is given production's database: the actions as their input (from
// a secret), the CLI in DATABASE_URL (migrations.database-url-env's default).
const runMigrations = async (w: W) =>
  github(
    await w.p.run('run-migrations', {
      environment: 'production',
      'database-url': w.db.production.url
    })
  )

const promoteToProd = async (w: W) =>
  github(
    await w.p.run('promote-to-prod', { 'database-url': w.db.production.url })
  )

async function rehearsePromote(w: W): Promise<Ran> {
  const result = await runCli(['promote'], w.dir, {
    DATABASE_URL: w.db.localProduction.url
  })
  return {
    code: result.code,
    reason: cliReason(result.stderr),
    error: result.stderr
  }
}

// In one world the actions run one after the other: a refusal leaves
// nothing the next one reads (asserted), so each runs as if it were first.
const ENTRY_POINTS: [string, Where, (w: W) => Promise<Ran>][] = [
  ['run-migrations (environment production)', 'github', runMigrations],
  ['promote-to-prod', 'github', promoteToProd],
  ['rehearse promote', 'local', rehearsePromote]
]

const productionDeployments = (w: W, where: Where) =>
  where === 'github'
    ? w.p.gh.state.deployments.filter(d => d.environment === 'production')
    : localDeployments(w.dir).filter(d => d.environment === 'production')

const productionDb = (w: W, where: Where) =>
  where === 'github' ? w.db.production : w.db.localProduction

// Production's lock as it stands: the branch's commit, or the file's entry.
const productionLock = (w: W, where: Where) =>
  where === 'github'
    ? heldLockRef(w.p.gh, 'rehearse-lock/production')
    : localLocks(w.dir).production

describe.each(CONDITIONS)('production with %s', (_name, condition) => {
  let w: W
  beforeAll(async () => {
    w = await startWorld(
      ['staging', 'production', 'localStaging', 'localProduction'],
      urls => ({
        '.github/rehearse.yml': pipelinePlan(urls, condition.production)
      })
    )
    await condition.arrange(w)
    // The rehearsals applied the migration production is refused.
    for (const db of [w.db.staging, w.db.localStaging])
      expect(await schemaObjects(db)).toContain(
        `relation public.${PENDING_MIGRATION.table}`
      )
    expect(w.deployed('staging')).toBe(true)
  })
  afterAll(async () => {
    if (!w) return
    expect(w.p.gh.violations).toEqual([])
    await w.close()
  })

  it.each(ENTRY_POINTS)(
    'is refused by %s with its database unchanged',
    async (_entry, where, run) => {
      // Someone else's lock stays theirs; a lock the run took is given back.
      const lock = productionLock(w, where)
      const ran = await run(w)

      expect(ran.code).toBe(1)
      expect(ran.reason).toBe(condition.reasons[where === 'github' ? 0 : 1])
      expect(ran.error).toMatch(condition.message)
      expect(ran.error).not.toMatch(/\n\s+at /)
      expect(await schemaObjects(productionDb(w, where))).toEqual([])
      expect(productionDeployments(w, where)).toEqual([])
      expect(w.deployed('production')).toBe(false)
      expect(w.production.requests).toEqual([])
      expect(productionLock(w, where)).toEqual(lock)
    }
  )

  // The same runs, with nothing else changed, do reach production's
  // database: the refusals above were the condition's, nothing else's.
  const lift = condition.lift
  if (lift)
    it('lets the same promotions migrate production once it is lifted', async () => {
      await lift(w)
      expect((await runMigrations(w)).code).toBe(0)
      expect((await promoteToProd(w)).code).toBe(0)
      expect((await rehearsePromote(w)).code).toBe(0)
      for (const where of ['github', 'local'] as const) {
        const db = productionDb(w, where)
        expect(await schemaObjects(db)).toContain(
          `relation public.${PENDING_MIGRATION.table}`
        )
        expect(
          await db.query('select version, status from rehearse_migrations')
        ).toEqual([{ version: '1', status: 'success' }])
        expect(productionDeployments(w, where)).toHaveLength(1)
      }
      expect(w.deployed('production')).toBe(true)
    })
})
