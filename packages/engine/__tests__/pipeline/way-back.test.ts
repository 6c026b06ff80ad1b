import { describe, expect, it } from '@jest/globals'
import { createMemoryLedger } from '../../../../test/support/index.js'
import { findWayBack } from '../../src/pipeline/way-back.js'

// Each ledger write a second after the last, as real runs are.
function ticking() {
  let t = Date.parse('2026-01-01T00:00:00Z')
  return { now: () => new Date((t += 1000)) }
}

// Production keeps every success (GitHub's auto_inactive leaves it
// alone); staging's older successes turn inactive.
function environment(name: string) {
  const ledger = createMemoryLedger({ clock: ticking() })
  const deploy = async (sha: string, end: 'success' | 'failure') => {
    const d = await ledger.ensureDeployment({
      environment: name,
      sha,
      payload: {} as never,
      production: name === 'production',
      transient: false,
      description: ''
    })
    await ledger.setDeploymentState(d.id, 'in_progress', {})
    await ledger.setDeploymentState(d.id, end, {})
    return d
  }
  const wayBack = async () => {
    const way = await findWayBack(ledger, name)
    return way.found ? way.target.sha : undefined
  }
  return { ledger, deploy, wayBack }
}

describe.each(['production', 'staging'])('findWayBack on %s', name => {
  it('goes to the good release before the one serving', async () => {
    const p = environment(name)
    await p.deploy('a'.repeat(40), 'success')
    await p.deploy('b'.repeat(40), 'success')
    expect(await p.wayBack()).toBe('a'.repeat(40))
  })

  it('after a failed deploy, goes to the last good release', async () => {
    const p = environment(name)
    await p.deploy('a'.repeat(40), 'success')
    await p.deploy('b'.repeat(40), 'success')
    await p.deploy('c'.repeat(40), 'failure')
    expect(await p.wayBack()).toBe('b'.repeat(40))
  })

  it('after a rollback, goes further back, never forward', async () => {
    const p = environment(name)
    await p.deploy('a'.repeat(40), 'success')
    await p.deploy('b'.repeat(40), 'success')
    await p.deploy('c'.repeat(40), 'success')
    await p.deploy('b'.repeat(40), 'success')
    expect(await p.wayBack()).toBe('a'.repeat(40))
  })

  it('finds nothing with one release, naming it', async () => {
    const p = environment(name)
    await p.deploy('a'.repeat(40), 'success')
    const way = await findWayBack(p.ledger, name)
    expect(way).toMatchObject({
      found: false,
      current: { sha: 'a'.repeat(40) }
    })
    expect(await findWayBack(createMemoryLedger(), name)).toEqual({
      found: false,
      current: undefined
    })
  })
})
