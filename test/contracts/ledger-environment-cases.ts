import { expect, it } from '@jest/globals'
import type { CaseContext } from './ledger-cases.js'
import { deploy, stateOf } from './ledger-cases.js'

const transient = { transient: true }

/** Per-PR environments: retiring one, listing them by name. */
export function environmentCases({ subject, env }: CaseContext): void {
  it('retires one environment: every deployment inactive, a neighbour with a longer name untouched', async () => {
    const { ledger } = subject()
    const base = env('preview')
    const [mine, other] = [`${base}/pr-4`, `${base}/pr-42`]
    const [a, b, c] = [
      await subject().commit(),
      await subject().commit(),
      await subject().commit()
    ]
    await deploy(subject(), mine, a, 'success', transient)
    await deploy(subject(), mine, b, 'failure', transient)
    await deploy(subject(), mine, c, 'success', transient)
    await deploy(subject(), other, c, 'success', transient)

    const retired = await ledger.retireEnvironment(mine)
    expect(retired).toMatchObject({ deactivated: 3, deleted: true })
    for (const sha of [a, b, c])
      expect(await stateOf(subject(), mine, sha)).toBe('inactive')
    expect(await ledger.lastSuccessfulDeployment(mine)).toBeUndefined()
    expect(await stateOf(subject(), other, c)).toBe('success')
    const listed = await ledger.environmentsNamed(`${base}/pr-`)
    expect(listed.map(e => e.name)).toEqual([other])
    // Again: nothing left to mark (whether the environment is still there
    // to delete is the implementation's business).
    const again = await ledger.retireEnvironment(mine)
    expect(again.deactivated).toBe(0)
  })

  it('lists live environments by prefix, with when each was last deployed', async () => {
    const { ledger } = subject()
    const base = env('preview')
    const [a, b] = [await subject().commit(), await subject().commit()]
    await deploy(subject(), `${base}/pr-1`, a, 'success', transient)
    await deploy(subject(), `${base}/pr-1`, b, 'success', transient)
    await deploy(subject(), `${base}/pr-2`, a, 'failure', transient)
    await deploy(subject(), `${base}x/pr-1`, a, 'success', transient)
    const listed = await ledger.environmentsNamed(`${base}/pr-`)
    expect(listed.map(e => e.name).sort()).toEqual([
      `${base}/pr-1`,
      `${base}/pr-2`
    ])
    for (const { name, lastDeployedAt } of listed) {
      const [newest] = await ledger.recentDeployments(name, 1)
      expect(lastDeployedAt).toBe(newest?.updatedAt)
    }
    expect(await ledger.environmentsNamed(`${env('never')}/pr-`)).toEqual([])
  })

  it('lists a retired environment again once it is deployed again', async () => {
    const { ledger } = subject()
    const instance = `${env('preview')}/pr-9`
    const [a, b] = [await subject().commit(), await subject().commit()]
    await deploy(subject(), instance, a, 'success', transient)
    await ledger.retireEnvironment(instance)
    expect(await ledger.environmentsNamed(instance)).toEqual([])
    await deploy(subject(), instance, b, 'success', transient)
    const listed = await ledger.environmentsNamed(instance)
    expect(listed.map(e => e.name)).toEqual([instance])
    expect(await stateOf(subject(), instance, a)).toBe('inactive')
    expect(await ledger.lastSuccessfulDeployment(instance)).toMatchObject({
      sha: b
    })
  })

  it('retires without deleting where the token may not delete, saying what would', async () => {
    const deny = subject().denyEnvironmentDeletes
    if (!deny) return // only GitHub has a permission that can be missing
    const { ledger } = subject()
    const instance = `${env('preview')}/pr-5`
    await deploy(subject(), instance, await subject().commit(), 'success')
    deny(true)
    try {
      const retired = await ledger.retireEnvironment(instance)
      expect(retired).toMatchObject({ deactivated: 1, deleted: false })
      expect(retired.note).toContain('administration: write')
      // Still there, but no longer live: nothing of it is listed as idle.
      expect(await ledger.lastSuccessfulDeployment(instance)).toBeUndefined()
    } finally {
      deny(false)
    }
  })
}
