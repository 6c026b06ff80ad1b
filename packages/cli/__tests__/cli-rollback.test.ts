import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { GitRepo } from '@rehearse/bench'
import { createPlanRepo, readLedgerFile, rehearse } from './support/cli-repo.js'

let repo: GitRepo

beforeEach(async () => {
  repo = await createPlanRepo()
})

afterEach(async () => {
  await repo.dispose()
})

async function release(message: string): Promise<string> {
  await repo.commit({ files: { 'app.txt': message }, message })
  expect((await rehearse(['run', '--env', 'staging'], repo.dir)).code).toBe(0)
  const promoted = await rehearse(['promote'], repo.dir)
  expect(promoted.stderr).toBe('')
  return repo.head()
}

describe('rehearse rollback', () => {
  it('redeploys the release before the one production serves, through the gate, from its own commit', async () => {
    const first = await release('release 1')
    const second = await release('release 2')
    const back = await rehearse(['rollback', 'production'], repo.dir)
    expect(back.stderr).toBe('')
    expect(back.code).toBe(0)
    expect(back.stdout).toContain(
      `Rolling production back to ${first.slice(0, 7)}`
    )
    expect(back.stdout).toMatch(/Gate to production: open/)
    expect(back.stdout).toContain(`deploying ${first} to production`)
    const status = await rehearse(['status'], repo.dir)
    expect(status.stdout).toMatch(
      new RegExp(`production +${first.slice(0, 7)} `)
    )
    const production = readLedgerFile(repo).deployments.filter(
      d => d.environment === 'production'
    )
    expect(production.map(d => [d.sha, d.history.at(-1)?.state])).toEqual([
      [first, 'success'],
      [second, 'inactive']
    ])
    // The checkout is untouched and no worktree is left behind.
    expect(await repo.head()).toBe(second)
    expect(await repo.git('worktree', 'list')).not.toContain(
      'rehearse-rollback'
    )
  })

  it('refuses a release staging never rehearsed, naming why', async () => {
    await release('release 1')
    await repo.commit({ files: { 'app.txt': 'untested' }, message: 'untested' })
    const untested = await repo.head()
    await repo.commit({ files: { 'app.txt': 'release 3' }, message: 'r3' })
    const back = await rehearse(
      ['rollback', 'production', '--to', untested],
      repo.dir
    )
    expect(back.code).toBe(1)
    expect(back.stderr).toContain('rollback refused (no_rehearsal)')
  })

  it('says there is nothing to roll back to before a second release', async () => {
    await release('release 1')
    const back = await rehearse(['rollback', 'production'], repo.dir)
    expect(back.code).toBe(1)
    expect(back.stderr).toMatch(
      /no good release other than [0-9a-f]{7} among its last 50 deployments to roll back to.*\[no_rollback_target\]/
    )
  })
})
