import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DeploymentState } from '@rehearse/engine'
import { createFileLedger } from '../src/ledger/file-ledger.js'
import type { FileLedger } from '../src/ledger/file-ledger.js'
import { requestFor } from './support/ledger-fixtures.js'

let dir: string
let ledger: FileLedger
let now: Date

const tick = (seconds = 1): void => {
  now = new Date(now.getTime() + seconds * 1000)
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rehearse-attempts-'))
  now = new Date('2024-05-01T10:00:00Z')
  ledger = createFileLedger(join(dir, 'ledger.json'), {
    clock: { now: () => now }
  })
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Records the states of one attempt, `seconds` apart, as the engine does. */
async function deploy(
  sha: string,
  states: DeploymentState[],
  options: { creator?: string; seconds?: number } = {}
): Promise<string> {
  const { id } = await ledger.ensureDeployment(
    requestFor('staging', sha, { creator: options.creator })
  )
  for (const state of states) {
    tick(options.seconds ?? 1)
    await ledger.setDeploymentState(id, state, {
      description: `${sha} ${state}`
    })
  }
  tick()
  return id
}

const summary = async (limit = 10) =>
  (await ledger.attempts('staging', limit)).map(a => ({
    sha: a.deployment.sha,
    state: a.state,
    startedAt: a.startedAt.slice(11, 19),
    durationMs: a.durationMs
  }))

describe('deployment attempts', () => {
  it('lists a commit deployed again once per attempt, newest first, with durations', async () => {
    await deploy('a1', ['in_progress', 'success'], { seconds: 5 })
    await deploy('b2', ['in_progress', 'success'], { seconds: 2 })
    await deploy('a1', ['in_progress', 'success'], { seconds: 3 })
    expect(await summary()).toEqual([
      { sha: 'a1', state: 'success', startedAt: '10:00:19', durationMs: 3000 },
      { sha: 'b2', state: 'success', startedAt: '10:00:13', durationMs: 2000 },
      { sha: 'a1', state: 'success', startedAt: '10:00:05', durationMs: 5000 }
    ])
    expect(await summary(2)).toHaveLength(2)
  })

  it('keeps a run that never recorded its end as in progress, and one that never started', async () => {
    await deploy('a1', ['in_progress'])
    await deploy('a1', ['in_progress', 'failure'])
    await deploy('c3', [])
    const attempts = await ledger.attempts('staging', 10)
    expect(attempts.map(a => [a.deployment.sha, a.state])).toEqual([
      ['c3', undefined],
      ['a1', 'failure'],
      ['a1', 'in_progress']
    ])
    expect(attempts[1]?.description).toBe('a1 failure')
    expect(attempts[2]?.durationMs).toBeUndefined()
  })

  it('reads an end recorded without a start as an attempt of unknown duration, and skips inactive', async () => {
    await deploy('a1', ['error', 'inactive'])
    expect(await summary()).toEqual([
      {
        sha: 'a1',
        state: 'error',
        startedAt: '10:00:01',
        durationMs: undefined
      }
    ])
  })

  it('does not count a release marked serving again by a rollback as a run', async () => {
    await deploy('a1', ['in_progress', 'success'], { seconds: 4 })
    await deploy('b2', ['in_progress', 'failure'], { seconds: 2 })
    // recover(): a1 restored, its deployment marked success again.
    await deploy('a1', ['success'])
    expect(await summary()).toEqual([
      { sha: 'b2', state: 'failure', startedAt: '10:00:11', durationMs: 2000 },
      { sha: 'a1', state: 'success', startedAt: '10:00:04', durationMs: 4000 }
    ])
  })

  it('names who asked for a deployment from its payload, and nobody when the payload does not', async () => {
    await deploy('a1', ['in_progress', 'success'], { creator: 'alice' })
    await deploy('b2', ['in_progress', 'success'])
    const [b2, a1] = await ledger.attempts('staging', 10)
    expect(a1?.deployment.creator).toBe('alice')
    expect(b2?.deployment).not.toHaveProperty('creator')
    expect((await ledger.findDeployment('staging', 'a1'))?.creator).toBe(
      'alice'
    )
  })

  it('has no attempts for an environment never deployed', async () => {
    await deploy('a1', ['in_progress', 'success'])
    expect(await ledger.attempts('production', 10)).toEqual([])
  })
})
