import { expect, it } from '@jest/globals'
import type { CaseContext } from './ledger-cases.js'
import { deploy, request, stateOf } from './ledger-cases.js'

/** Deployments: one per environment and SHA, states, and what is live. */
export function deploymentCases({ subject, env }: CaseContext): void {
  it('creates one deployment per environment and SHA, and reuses it', async () => {
    const { ledger } = subject()
    const [e, other, sha] = [env(), env(), await subject().commit()]
    expect(await ledger.findDeployment(e, sha)).toBeUndefined()
    const created = await ledger.ensureDeployment(request(e, sha))
    expect(created).toMatchObject({ environment: e, sha, state: undefined })
    expect(Date.parse(created.createdAt)).not.toBeNaN()
    const again = await ledger.ensureDeployment(request(e, sha))
    expect(again.id).toBe(created.id)
    expect(await ledger.findDeployment(e, sha)).toMatchObject({
      id: created.id
    })
    const elsewhere = await ledger.ensureDeployment(request(other, sha))
    expect(elsewhere.id).not.toBe(created.id)
    expect(await ledger.recentDeployments(e, 10)).toHaveLength(1)
  })

  it('records states and lists the environment’s deployments newest first', async () => {
    const { ledger } = subject()
    const e = env()
    const [a, b, c] = [
      await subject().commit(),
      await subject().commit(),
      await subject().commit()
    ]
    await deploy(subject(), e, a, 'failure')
    const second = await deploy(subject(), e, b, 'error')
    const { id } = await ledger.ensureDeployment(request(e, c))
    await ledger.setDeploymentState(id, 'in_progress', {})
    expect(await stateOf(subject(), e, c)).toBe('in_progress')
    await ledger.setDeploymentState(id, 'success', {
      environmentUrl: 'https://staging.acme-shop.test/',
      description: 'Deployed'
    })
    const record = await ledger.findDeployment(e, c)
    expect(record).toMatchObject({
      state: 'success',
      environmentUrl: 'https://staging.acme-shop.test/'
    })
    expect(Date.parse(record?.updatedAt ?? '')).not.toBeNaN()
    const recent = await ledger.recentDeployments(e, 2)
    expect(recent.map(d => [d.id, d.sha, d.state])).toEqual([
      [id, c, 'success'],
      [second, b, 'error']
    ])
    const listed = await ledger.listDeployments(e, 2)
    expect(listed.map(d => [d.id, d.sha, d.environment])).toEqual([
      [id, c, e],
      [second, b, e]
    ])
    // Listed without state: a state here would have cost a read each.
    expect(listed.every(d => !('state' in d) && !('updatedAt' in d))).toBe(true)
    expect(await ledger.listDeployments(e, 0)).toEqual([])
    expect(await ledger.listDeployments(env('never'), 5)).toEqual([])
    expect(await ledger.recentDeployments(e, 0)).toEqual([])
    expect(await ledger.recentDeployments(env('never'), 5)).toEqual([])
    expect(await ledger.lastSuccessfulDeployment(e)).toMatchObject({ id })
  })

  it('keeps one success per environment (auto_inactive), other environments untouched', async () => {
    const [e, other] = [env(), env()]
    const [a, b] = [await subject().commit(), await subject().commit()]
    await deploy(subject(), other, a, 'success')
    await deploy(subject(), e, a, 'success')
    const newest = await deploy(subject(), e, b, 'success')
    expect(await stateOf(subject(), e, a)).toBe('inactive')
    expect(await stateOf(subject(), e, b)).toBe('success')
    expect(await stateOf(subject(), other, a)).toBe('success')
    const last = await subject().ledger.lastSuccessfulDeployment(e)
    expect(last).toMatchObject({ id: newest, sha: b, state: 'success' })
  })

  it('keeps the last success when a newer deployment fails', async () => {
    const { ledger } = subject()
    const e = env()
    const [a, b] = [await subject().commit(), await subject().commit()]
    const good = await deploy(subject(), e, a, 'success')
    await deploy(subject(), e, b, 'failure')
    expect(await stateOf(subject(), e, a)).toBe('success')
    const last = await ledger.lastSuccessfulDeployment(e)
    expect(last).toMatchObject({ id: good, sha: a, state: 'success' })
    expect(await ledger.lastSuccessfulDeployment(env())).toBeUndefined()
  })

  // A rollback: the older SHA's deployment is reused, and what the
  // environment runs now is that SHA, not the newer one created after it.
  for (const production of [false, true]) {
    it(`makes an older SHA deployed again the last successful (production: ${production})`, async () => {
      const e = env(production ? 'production' : 'staging')
      const [a, b] = [await subject().commit(), await subject().commit()]
      const older = await deploy(subject(), e, a, 'success', { production })
      await deploy(subject(), e, b, 'success', { production })
      const again = await deploy(subject(), e, a, 'success', { production })
      expect(again).toBe(older)
      const last = await subject().ledger.lastSuccessfulDeployment(e)
      expect(last).toMatchObject({ id: older, sha: a, state: 'success' })
      // Whether b is marked inactive is not the ledger's promise (GitHub's
      // auto_inactive spares production and may spare newer deployments):
      // the pipeline marks what the environment no longer serves.
    })
  }

  it('refuses a state for a deployment it does not have', async () => {
    await expect(
      subject().ledger.setDeploymentState('987654321', 'success', {})
    ).rejects.toThrow()
  })
}
