import { afterEach, describe, expect, it } from '@jest/globals'
import { chmod, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { heldLockRefs } from '../support/index.js'
import { PLAN, startPipeline } from '../actions/pipeline-fixture.js'
import type { Pipeline } from '../actions/pipeline-fixture.js'

// Change freezes and the scheduled scale modes, through the bundled
// actions on the emulator: a freeze refuses before anything runs and an
// override is recorded; scale-down/up run the plan's steps, and a deploy
// to a scaled-down environment scales it up first.

let p: Pipeline
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  expect(heldLockRefs(p.gh)).toEqual([])
  await p.close()
})

const HOLIDAYS = `freeze:
  - reason: Holiday sales
    from: 2000-01-01T00:00:00Z
    until: 2999-01-01T00:00:00Z
`
// Every minute, for an hour: always in force.
const STAGING_ALWAYS = `freeze:
  - reason: Staging is being rebuilt
    environments: [staging]
    cron: '* * * * *'
    duration-hours: 1
`
const SCALE_STEPS = `scale-down:
  - name: Scale down
    run: ./deploy/scale.sh down
scale-up:
  - name: Scale up
    run: ./deploy/scale.sh up
`
// The deploy and scale steps append to one log, so order shows.
const SCALE_FILES = {
  'deploy/scale.sh':
    '#!/usr/bin/env bash\necho "$1 $REHEARSE_ENVIRONMENT $REHEARSE_SHA" >> events.log\n',
  'deploy/apply.sh':
    '#!/usr/bin/env bash\necho "deploy $REHEARSE_ENVIRONMENT $REHEARSE_SHA" >> events.log\n',
  '.gitignore': 'events.log\n'
}

async function startWith(planTail: string, files: Record<string, string> = {}) {
  p = await startPipeline({ '.github/rehearse.yml': PLAN + planTail, ...files })
  for (const path of Object.keys(files))
    if (path.endsWith('.sh')) await chmod(join(p.repo.dir, path), 0o755)
  await p.repo.git('add', '-A')
  await p.repo.git('commit', '-q', '--amend', '--no-edit')
  p.sha = await p.repo.head()
  await p.gh.syncRefsFromGit()
}

const deploymentsOf = (environment: string) =>
  p.gh.state.deployments.filter(d => d.environment === environment)
const lastStatus = (context: string) =>
  p.gh.state.commitStatuses.filter(s => s.context === context).at(-1)
const events = async () =>
  (await readFile(join(p.repo.dir, 'events.log'), 'utf8').catch(() => ''))
    .trim()
    .split('\n')
    .filter(Boolean)
    .map(line => line.replace(p.sha, 'SHA'))

describe('change freezes', () => {
  it('refuse promotion during a dated window, naming its reason and end; an override is recorded with who used it', async () => {
    await startWith(HOLIDAYS)
    // Freezes apply to the production environments unless they name others.
    expect((await p.run('deploy-to-staging')).main.exitCode).toBe(0)

    const refused = await p.run('promote-to-prod')
    expect(refused.main.exitCode).toBe(1)
    expect(refused.outputs.reason).toBe('change_freeze')
    const said = refused.annotations.map(a => a.message).join('\n')
    expect(said).toContain('Holiday sales')
    expect(said).toContain('2999-01-01T00:00:00.000Z')
    expect(said).toContain('freeze-override')
    expect(refused.log).not.toMatch(/\n\s+at .*\.js:\d+/)
    expect(deploymentsOf('production')).toEqual([])
    expect(lastStatus('rehearse/production/deploy')).toMatchObject({
      state: 'failure'
    })

    const overridden = await p.run(
      'promote-to-prod',
      { 'freeze-override': 'Checkout is down; this is the fix' },
      { github: { actor: 'alice' } }
    )
    expect(overridden.main.exitCode).toBe(0)
    expect(deploymentsOf('production')).toHaveLength(1)
    expect(deploymentsOf('production')[0]?.payload).toMatchObject({
      freezeOverride: {
        by: 'alice',
        reason: 'Checkout is down; this is the fix',
        freeze: 'Holiday sales'
      }
    })
    expect(overridden.summary).toContain('overridden by @alice')
  })

  it('refuse a staging deploy during a cron window naming staging, before anything runs', async () => {
    await startWith(STAGING_ALWAYS, SCALE_FILES)
    const refused = await p.run('deploy-to-staging')
    expect(refused.main.exitCode).toBe(1)
    expect(refused.outputs.reason).toBe('change_freeze')
    expect(refused.annotations.map(a => a.message).join('\n')).toContain(
      'Staging is being rebuilt'
    )
    expect(await events()).toEqual([])
    expect(deploymentsOf('staging')).toEqual([])
  })
})

describe('scale-down and scale-up', () => {
  it("run the plan's steps on schedule; a deploy to a scaled-down environment scales it up first", async () => {
    await startWith(SCALE_STEPS, SCALE_FILES)
    const first = p.sha
    expect((await p.run('deploy-to-staging')).main.exitCode).toBe(0)

    const down = await p.run('deploy-to-staging', { mode: 'scale-down' })
    expect(down.main.exitCode).toBe(0)
    expect(down.summary).toContain('Scale-down · staging')
    expect(lastStatus('rehearse/staging/scale')).toMatchObject({
      state: 'success',
      description: expect.stringMatching(/^Scaled down/)
    })

    const second = await p.commit({ 'app.txt': 'release 2\n' }, 'release 2')
    expect((await p.run('deploy-to-staging')).main.exitCode).toBe(0)
    const log = (await readFile(join(p.repo.dir, 'events.log'), 'utf8'))
      .trim()
      .split('\n')
    expect(log).toEqual([
      `deploy staging ${first}`,
      `down staging ${first}`,
      // The scaled-down release is scaled up, then the new one deployed.
      `up staging ${first}`,
      `deploy staging ${second}`
    ])
  })

  it('refuse production, and a plan without the steps, naming what to fix, running nothing', async () => {
    await startWith(SCALE_STEPS, SCALE_FILES)
    expect((await p.run('deploy-to-staging')).main.exitCode).toBe(0)
    const production = await p.run('deploy-to-staging', {
      mode: 'scale-down',
      environment: 'production'
    })
    expect(production.main.exitCode).toBe(1)
    expect(production.outputs.reason).toBe('production_environment')

    await p.commit({ '.github/rehearse.yml': PLAN }, 'no scale steps')
    expect((await p.run('deploy-to-staging')).main.exitCode).toBe(0)
    const missing = await p.run('deploy-to-staging', { mode: 'scale-up' })
    expect(missing.main.exitCode).toBe(1)
    expect(missing.outputs.reason).toBe('invalid_plan')
    expect(missing.annotations.map(a => a.message).join('\n')).toContain(
      'add "scale-up:"'
    )
    expect(missing.log).not.toMatch(/\n\s+at .*\.js:\d+/)
    expect((await events()).filter(e => /^(up|down) /.test(e))).toEqual([])
  })
})
