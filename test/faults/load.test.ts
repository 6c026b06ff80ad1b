import { describe, expect, it } from '@jest/globals'
import { runLoad } from './load.js'

// 50 PRs comment `.deploy <env>` at once over 10 environments, 8 jobs at a
// time (pr-command, deploy-to-staging, pr-command's post as child
// processes). Per environment the deploy steps never overlap (from the
// steps' own start/end records), and each comment gets exactly one
// answer: deployed, or refused environment_locked naming the holder.
describe('load: 50 PRs commenting .deploy over 10 environments', () => {
  it('serializes deploys per environment and answers every comment once', async () => {
    const load = await runLoad({ prs: 50, environments: 10, concurrency: 8 })
    expect(load.overlaps).toEqual([])
    expect(load.unanswered).toEqual([])
    expect(load.violations).toEqual([])
    expect(load.deployed + load.refusedLocked).toBe(50)
    expect(load.deployed).toBeGreaterThan(10)
  }, 900_000)
})
