import { describe, expect, it } from '@jest/globals'
import {
  pushHead,
  runDeployFlow,
  startDeployFlow,
  startPushFlow
} from './flows.js'
import type { Calls } from './flows.js'

// Issue 13: what a flow asks of GitHub must not grow with the history.
// The same flows `npm run bench` measures, with 10 and with 1,000 past
// deployments per environment: the same requests, operation by operation.
// (No timing here: counts only, so a loaded machine cannot fail it.)
const COUNTS = [10, 1000] as const

async function pushCalls(history: number): Promise<Calls> {
  const flow = await startPushFlow(history)
  try {
    return await flow.run(2)
  } finally {
    await flow.close()
  }
}

async function deployCalls(history: number): Promise<Calls> {
  const f = await startDeployFlow(history)
  try {
    await pushHead(f)
    return await runDeployFlow(f)
  } finally {
    await f.close()
  }
}

const sameShape = ({ total, writes, tally }: Calls) => ({
  total,
  writes,
  tally
})

describe('API calls per flow, independent of the history', () => {
  it('the push pipeline (staging, then production, whole plan)', async () => {
    const [ten, thousand] = [
      await pushCalls(COUNTS[0]),
      await pushCalls(COUNTS[1])
    ]
    expect(sameShape(thousand)).toEqual(sameShape(ten))
  }, 240_000)

  it('a .deploy comment', async () => {
    const [ten, thousand] = [
      await deployCalls(COUNTS[0]),
      await deployCalls(COUNTS[1])
    ]
    expect(sameShape(thousand)).toEqual(sameShape(ten))
  }, 240_000)
})
