import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import { createFileLedger } from '../src/ledger/file-ledger.js'
import type { FileLedger } from '../src/ledger/file-ledger.js'
import { requestFor } from './support/ledger-fixtures.js'

let dir: string
let ledger: FileLedger
let now: Date

// A clock the tests move, so histories have distinct, known times.
const tick = (seconds = 1): void => {
  now = new Date(now.getTime() + seconds * 1000)
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rehearse-ledger-'))
  now = new Date('2024-05-01T10:00:00Z')
  ledger = createFileLedger(join(dir, '.rehearse', 'ledger.json'), {
    clock: { now: () => now }
  })
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the file ledger', () => {
  it('keeps one deployment per environment and SHA, however often it is asked for', async () => {
    const first = await ledger.ensureDeployment(requestFor('staging', 'a1'))
    const again = await ledger.ensureDeployment(requestFor('staging', 'a1'))
    const production = await ledger.ensureDeployment(
      requestFor('production', 'a1', { production: true })
    )
    expect(again.id).toBe(first.id)
    expect(production.id).not.toBe(first.id)
    expect(await ledger.recentDeployments('staging', 10)).toHaveLength(1)
  })

  it('starts a deployment without a state and records every state with its time', async () => {
    const created = await ledger.ensureDeployment(requestFor('staging', 'a1'))
    expect(created.state).toBeUndefined()
    tick()
    await ledger.setDeploymentState(created.id, 'in_progress', {})
    tick()
    await ledger.setDeploymentState(created.id, 'success', {
      environmentUrl: 'http://localhost:4301',
      description: 'Deployed'
    })
    const found = await ledger.findDeployment('staging', 'a1')
    expect(found).toMatchObject({
      state: 'success',
      environmentUrl: 'http://localhost:4301',
      createdAt: '2024-05-01T10:00:00.000Z',
      updatedAt: '2024-05-01T10:00:02.000Z'
    })
    expect(found?.payload?.fingerprint).toBe('sha256:a1')
    const file = JSON.parse(await readFile(ledger.path, 'utf8'))
    expect(
      file.deployments[0].history.map((h: { state: string }) => h.state)
    ).toEqual(['in_progress', 'success'])
  })

  it('marks the previous successful deployment of a staging environment inactive when a new one succeeds', async () => {
    const old = await ledger.ensureDeployment(requestFor('staging', 'a1'))
    await ledger.setDeploymentState(old.id, 'success', {})
    tick()
    const failed = await ledger.ensureDeployment(requestFor('staging', 'b2'))
    await ledger.setDeploymentState(failed.id, 'failure', {})
    expect((await ledger.findDeployment('staging', 'a1'))?.state).toBe(
      'success'
    )
    tick()
    const next = await ledger.ensureDeployment(requestFor('staging', 'c3'))
    await ledger.setDeploymentState(next.id, 'success', {})
    expect((await ledger.findDeployment('staging', 'a1'))?.state).toBe(
      'inactive'
    )
    expect((await ledger.findDeployment('staging', 'b2'))?.state).toBe(
      'failure'
    )
    expect((await ledger.lastSuccessfulDeployment('staging'))?.sha).toBe('c3')
  })

  it('leaves earlier production and transient deployments as they are, like GitHub', async () => {
    for (const [environment, options] of [
      ['production', { production: true }],
      ['pr-7', { transient: true }]
    ] as const) {
      const first = await ledger.ensureDeployment(
        requestFor(environment, 'a1', options)
      )
      await ledger.setDeploymentState(first.id, 'success', {})
      tick()
      const second = await ledger.ensureDeployment(
        requestFor(environment, 'b2', options)
      )
      await ledger.setDeploymentState(second.id, 'success', {})
      expect((await ledger.findDeployment(environment, 'a1'))?.state).toBe(
        'success'
      )
    }
  })

  it('names as last successful the deployment that succeeded most recently, also a re-deployed older one', async () => {
    const older = await ledger.ensureDeployment(
      requestFor('production', 'a1', { production: true })
    )
    await ledger.setDeploymentState(older.id, 'success', {})
    tick()
    const newer = await ledger.ensureDeployment(
      requestFor('production', 'b2', { production: true })
    )
    await ledger.setDeploymentState(newer.id, 'success', {})
    expect((await ledger.lastSuccessfulDeployment('production'))?.sha).toBe(
      'b2'
    )
    tick()
    await ledger.setDeploymentState(older.id, 'success', {})
    expect((await ledger.lastSuccessfulDeployment('production'))?.sha).toBe(
      'a1'
    )
  })

  it('lists recent deployments newest first, up to the limit', async () => {
    for (const sha of ['a1', 'b2', 'c3']) {
      await ledger.ensureDeployment(requestFor('staging', sha))
    }
    const recent = await ledger.recentDeployments('staging', 2)
    expect(recent.map(d => d.sha)).toEqual(['c3', 'b2'])
    expect(await ledger.environments()).toEqual(['staging'])
  })

  it('answers the latest stage status per environment and stage, keeping the history', async () => {
    const stage = { environment: 'staging', stage: 'deploy', description: '' }
    await ledger.setStage('a1', { ...stage, state: 'pending' })
    tick()
    await ledger.setStage('a1', {
      ...stage,
      state: 'success',
      targetUrl: 'file:///log'
    })
    await ledger.setStage('a1', {
      ...stage,
      environment: 'production',
      state: 'failure'
    })
    await ledger.setStage('b2', { ...stage, state: 'failure' })
    const stages = await ledger.readStages('a1')
    expect(stages).toEqual([
      {
        environment: 'staging',
        stage: 'deploy',
        state: 'success',
        description: '',
        updatedAt: '2024-05-01T10:00:01.000Z'
      },
      {
        environment: 'production',
        stage: 'deploy',
        state: 'failure',
        description: '',
        updatedAt: '2024-05-01T10:00:01.000Z'
      }
    ])
    const file = JSON.parse(await readFile(ledger.path, 'utf8'))
    expect(file.stages.a1).toHaveLength(3)
    expect(await ledger.readStages('unknown')).toEqual([])
  })

  it('reads as empty before the first write, without creating the file', async () => {
    expect(await ledger.findDeployment('staging', 'a1')).toBeUndefined()
    expect(await ledger.lastSuccessfulDeployment('staging')).toBeUndefined()
    expect(await ledger.environments()).toEqual([])
    await expect(readFile(ledger.path)).rejects.toThrow(/ENOENT/)
  })

  it('refuses a ledger file that is not valid JSON with a message saying what to do', async () => {
    await ledger.ensureDeployment(requestFor('staging', 'a1'))
    await writeFile(ledger.path, '{"format": "rehearse-ledger", ')
    const error = await ledger
      .findDeployment('staging', 'a1')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigurationError)
    expect((error as Error).message).toMatch(
      /ledger\.json cannot be read: .*delete it to start a new local history/
    )
  })

  it('refuses a state for a deployment it does not know', async () => {
    await expect(
      ledger.setDeploymentState('42', 'success', {})
    ).rejects.toThrow(/no deployment 42/)
  })
})
