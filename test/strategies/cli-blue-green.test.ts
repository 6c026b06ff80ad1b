import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { chmod, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createGitRepo } from '@rehearse/bench'
import type { GitRepo } from '@rehearse/bench'
import { runCli } from '../pipeline/probes.js'
import { planOf, scriptsFor } from './scripts.js'
import { startSite } from './sites.js'
import type { Site, WorldDir } from './sites.js'
import { short } from './stack.js'

// The CLI bundle drives the same blue/green servers from a local ledger.
let repo: GitRepo
let staging: Site
let production: Site
const sha: string[] = []
beforeAll(async () => {
  repo = await createGitRepo()
  const world: WorldDir = { dir: repo.dir }
  staging = await startSite(world, 'staging', 'blue-green')
  production = await startSite(world, 'production', 'blue-green')
  const scripts = scriptsFor('blue-green')
  await repo.commit({
    files: {
      '.github/rehearse.yml': planOf({
        kind: 'blue-green',
        sites: { staging, production }
      }),
      ...scripts,
      '.gitignore': '.world/\n.rehearse/\n'
    },
    message: 'plan'
  })
  for (const path of Object.keys(scripts).filter(f => f.endsWith('.sh')))
    await chmod(join(repo.dir, path), 0o755)
  sha[1] = await repo.commit({ files: {}, message: 'release 1' })
})
afterAll(async () => {
  await Promise.all([staging.close(), production.close()])
  await repo.dispose()
})

const rehearse = (...args: string[]) => runCli(args, repo.dir)

/** Commits release n. */
async function release(n: number): Promise<string> {
  sha[n] = await repo.commit({
    files: { 'app/release.txt': `release ${n}\n` },
    message: `r${n}`
  })
  return sha[n]!
}

/** `rehearse run --env staging`; with the steps it added to the log. */
async function runStaging(code: number) {
  const log = join(repo.dir, '.world', 'staging', 'steps.log')
  const before = await readFile(log, 'utf8').catch(() => '')
  const result = await rehearse('run', '--env', 'staging')
  expect(result.stderr).not.toMatch(/\n\s+at /)
  expect(result.code).toBe(code)
  const after = await readFile(log, 'utf8')
  return { ...result, steps: after.slice(before.length).trim().split('\n') }
}

const deploy = (n: number, slot: string) =>
  `deploy ${sha[n]} shop-${sha[n]} ${slot}`
const switched = (n: number, slot: string, from: string) =>
  `switch ${slot} from ${from} ${sha[n]}`

describe('blue-green through the CLI', () => {
  it('switches only to a slot that passed, switches back after a live failure, and shows it in status and history', async () => {
    expect((await runStaging(0)).steps).toEqual([
      deploy(1, 'blue'),
      switched(1, 'blue', 'none')
    ])

    staging.crashing.add(await release(2))
    const idle = await runStaging(1)
    expect(idle.steps).toEqual([deploy(2, 'green')])
    expect(idle.stdout).toContain('❌ health: status 500')
    expect(await staging.serving()).toBe(sha[1])

    // The router cannot reach green: the live check after the switch fails.
    staging.brokenRoutes.add('green')
    await release(3)
    const live = await runStaging(1)
    expect(live.steps).toEqual([
      deploy(3, 'green'),
      switched(3, 'green', 'blue'),
      switched(3, 'blue', 'green')
    ])
    expect(live.stdout).toContain(
      `↩ staging: Users are back on ${short(sha[1]!)}; auto-rollback is off, nothing was redeployed`
    )
    expect(await staging.serving()).toBe(sha[1])

    const status = await rehearse('status')
    expect(status.code).toBe(0)
    expect(status.stdout).toMatch(
      new RegExp(
        `^staging +${short(sha[1]!)} .* deploy ✓, smoke ✗, rollback ✓ +${short(sha[3]!)} failure \\d+[sm] ago$`,
        'm'
      )
    )
    const history = await rehearse('history', 'staging')
    expect(history.code).toBe(0)
    const rows = history.stdout
      .split('\n')
      .filter(line => /^\d{4}-/.test(line))
      .map(line => line.split(/ {2,}/).slice(1, 3))
    expect(rows).toEqual([
      [short(sha[3]!), 'failure'],
      [short(sha[2]!), 'failure'],
      [short(sha[1]!), 'success']
    ])

    // Users are on blue: the next release goes to green.
    staging.brokenRoutes.clear()
    await release(4)
    expect((await runStaging(0)).steps).toEqual([
      deploy(4, 'green'),
      switched(4, 'green', 'blue')
    ])
    expect((await rehearse('status')).stdout).toMatch(
      new RegExp(`^staging +${short(sha[4]!)} `, 'm')
    )
  })
})
