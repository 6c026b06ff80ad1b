import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import { takeDemoTurn as takeTurn } from '../src/demo/demo-turn.js'

// A turn file of our own, so a demo of another test run on this machine is
// neither waited for nor disturbed.
const folder = mkdtempSync(join(tmpdir(), 'rehearse-demo-turn-'))
const turn = join(folder, 'rehearse-demo.pid')
const takeDemoTurn = (say: () => void) => takeTurn(say, undefined, turn)
const marker = `${turn}.takeover`

afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  return child.pid
}

describe('the demo turn', () => {
  it('takes over a turn whose demo was killed, and gives it back', async () => {
    await writeFile(turn, String(deadPid()))
    const giveBack = await takeDemoTurn(() => undefined)
    expect(readFileSync(turn, 'utf8')).toBe(String(process.pid))
    expect(existsSync(marker)).toBe(false)
    await giveBack()
    expect(existsSync(turn)).toBe(false)
  })

  it('leaves a dead turn to the waiter taking it over, then takes its turn', async () => {
    const dead = String(deadPid())
    await writeFile(turn, dead)
    await writeFile(marker, '')
    let taken = false
    const waiting = takeDemoTurn(() => undefined).then(giveBack => {
      taken = true
      return giveBack
    })
    await sleep(1_500)
    expect([taken, readFileSync(turn, 'utf8')]).toEqual([false, dead])
    // The other waiter takes the turn (this test's pid stands in for it)
    // and ends its takeover: the turn it took is never removed.
    await writeFile(turn, String(process.pid))
    rmSync(marker)
    await sleep(1_500)
    expect(readFileSync(turn, 'utf8')).toBe(String(process.pid))
    rmSync(turn)
    await (
      await waiting
    )()
    expect(taken).toBe(true)
  })

  it('clears a takeover its waiter never finished', async () => {
    await writeFile(turn, String(deadPid()))
    await writeFile(marker, '')
    const longAgo = new Date(Date.now() - 60_000)
    await utimes(marker, longAgo, longAgo)
    const giveBack = await takeDemoTurn(() => undefined)
    expect(readFileSync(turn, 'utf8')).toBe(String(process.pid))
    await giveBack()
  })
})
