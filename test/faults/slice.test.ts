import { describe, expect, it } from '@jest/globals'
import { replayCommand, runCampaign } from './campaign.js'

// The CI slice of the fault campaign (`npm run test:faults` runs the whole
// of it): ten seeded flows — the push pipeline and `.deploy` from a
// comment — with random faults on GitHub calls and a third of them
// stopped (SIGINT/SIGTERM then post, or SIGKILL) and run again. Bounded by
// the flows' own step timeouts, not by the clock.
const FLOWS = 10
const SEED = 20261206

describe('the fault campaign, CI slice', () => {
  it(`${FLOWS} seeded flows keep every invariant`, async () => {
    const result = await runCampaign({
      flows: FLOWS,
      seed: SEED,
      concurrency: 3,
      rate: 0.06,
      stopShare: 0.35
    })
    expect(result.flows).toBe(FLOWS)
    const broken = result.violations.map(
      v => `${replayCommand(v.seed)}\n  ${v.violations.join('\n  ')}`
    )
    expect(broken).toEqual([])
  }, 600_000)
})
