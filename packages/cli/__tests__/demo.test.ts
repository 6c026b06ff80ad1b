import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { takeDemoTurn } from '../src/demo/demo-turn.js'
import { BIN } from './support/cli-repo.js'
import { finished, spawnTs } from './support/spawn-ts.js'

const portIsFree = (port: number): Promise<boolean> =>
  new Promise(resolve => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })

const PORTS = [4301, 4302, 4311, 4312, 4313, 4321, 4322, 4323]

/** The output of each `$ …` command line the demo printed, by its text. */
function commands(out: string): { line: string; output: string }[] {
  return out
    .split(/^\$ /m)
    .slice(1)
    .map(block => {
      const end = block.indexOf('\n')
      return { line: block.slice(0, end), output: block.slice(end + 1) }
    })
}

describe('rehearse demo', () => {
  it('promotes release 1, stops four broken releases — by the gate, a canary analysis, an idle slot — finds drift, and cleans up', async () => {
    const result = await finished(spawnTs(BIN, ['demo']))
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const out = result.stdout
    const ran = commands(out)
    const find = (text: string, nth = 0) =>
      ran.filter(c => c.line.includes(text))[nth]?.output ?? ''
    expect(out).toMatch(/✓ migrations in staging: Applied 1 migration/)
    expect(out).toMatch(/✓ staging @ \w{7} deployed/)
    expect(out).toMatch(/✓ smoke in staging: 2 checks passed/)
    expect(out).toMatch(/Gate to production: open/)
    expect(out).toMatch(/✓ migrations in production: Applied 1 migration/)
    expect(out).toMatch(/✓ production @ \w{7} deployed/)
    // Release 2: the migration fails in staging; production is untouched.
    expect(out).toMatch(
      /✗ migrations in staging: V2 failed: relation "visit" does not exist/
    )
    expect(out).toMatch(/rehearse: promotion refused \(no_rehearsal\)/)
    // Release 3: deployed to staging, but a smoke check fails.
    expect(out).toMatch(/✗ greeting: json greeting: missing/)
    expect(out).toMatch(
      /rehearse: promotion refused \(rehearsal_not_successful\): The staging deployment of [0-9a-f]{7} is failure/
    )
    // Staging goes back to release 1 by itself, both times.
    const release1 = /Release 1\.0\.0 \((\w{7})\)/.exec(out)?.[1] ?? '?'
    for (const nth of [1, 2])
      expect(find('rehearse run --env staging', nth)).toContain(
        `↩ staging: Rolled back to ${release1}`
      )

    // Release 4, a canary: staging goes to 100 %, production stops at 10 %.
    const canaryStaging = find('rehearse run --env staging --config')
    expect(canaryStaging).toContain('· Analysis at 10 %: metric 0 (max 0.01).')
    expect(canaryStaging).toContain('· Traffic at 100 %.')
    expect(canaryStaging).toMatch(/✓ smoke in staging: 2 checks passed/)
    const canary = find(
      'rehearse promote --from staging --to production --config'
    )
    expect(canary).toMatch(
      /· Analysis at 10 %: metric 0\.\d*[1-9]\d* \(max 0\.01\)\./
    )
    expect(canary).toContain('All requests back to http://127.0.0.1:4302')
    expect(canary).not.toMatch(/50 %|100 %/)
    expect(canary).toContain(`↩ production: Rolled back to ${release1}`)
    expect(find('rehearse status', 3)).toMatch(
      new RegExp(`production +${release1} .*deploy ✗, rollback ✓`)
    )
    expect(out).toMatch(
      /Production's users during this chapter: \d+ requests, [1-9]\d* failed \(émile\): 4\.0\.0 capitalizes names/
    )

    // Release 5, blue-green: production's idle slot fails; no switch there.
    const blueGreenStaging = find('rehearse run --env staging --config', 1)
    expect(blueGreenStaging).toContain(
      'All requests to blue (http://localhost:4312): 5.0.0'
    )
    const blueGreen = find(
      'rehearse promote --from staging --to production --config',
      1
    )
    expect(blueGreen).toMatch(
      /❌ greeting: status 500, expected 200 .*unknown host 127\.0\.0\.1/
    )
    expect(blueGreen).toContain(
      '· The blue slot failed its smoke test; users never reached it: the switch did not run.'
    )
    expect(blueGreen).not.toContain('▶ Switch')
    expect(blueGreen).toContain(
      `production: Nothing to roll back: users stayed on ${release1}`
    )
    expect(out).toMatch(
      /Production's users during this chapter: [1-9]\d* requests, 0 failed\./
    )

    // Chapter 6: only a release awaiting promotion, then a hand-made change.
    const [before, after] = [0, 1].map(nth =>
      find('rehearse drift --config .github/rehearse-blue-green.yml', nth)
    )
    expect(before).toMatch(/release +\w{7} +\w{7} +staging is ahead/)
    expect(before).toContain('No drift')
    expect(after).toMatch(/fact request-timeout +30 \(default\) +120 +DRIFT/)
    expect(after).toContain('Drift: 1 undeclared difference')

    expect(out).toMatch(
      /Production still serves the release staging rehearsed: HTTP 200 .*"version":"1\.0\.0"/
    )
    // Both environments' app, load balancer, blue and green instances.
    expect(out).toMatch(/stopped 8 demo app process\(es\)/)
    const repository = /throwaway git repository (\S+)/.exec(out)?.[1] ?? ''
    expect(existsSync(repository)).toBe(false)
    // Another test run's demo may be waiting for its turn: hold the turn
    // while looking, so its apps are not taken for ones this demo left.
    const giveBack = await takeDemoTurn(() => undefined)
    try {
      for (const port of PORTS)
        expect([port, await portIsFree(port)]).toEqual([port, true])
    } finally {
      await giveBack()
    }
  }, 240_000)
})
