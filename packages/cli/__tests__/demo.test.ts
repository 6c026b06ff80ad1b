import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { BIN } from './support/cli-repo.js'
import { finished, spawnTs } from './support/spawn-ts.js'

const portIsFree = (port: number): Promise<boolean> =>
  new Promise(resolve => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })

describe('rehearse demo', () => {
  it('promotes release 1, then shows a failing migration and a failing smoke check refused by the gate, and cleans up', async () => {
    const result = await finished(spawnTs(BIN, ['demo']))
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const out = result.stdout
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
    expect(out).toMatch(
      /Production still serves the release staging rehearsed: HTTP 200 .*"version":"1\.0\.0"/
    )
    expect(out).toMatch(/stopped 2 demo app process\(es\)/)
    const repository = /throwaway git repository (\S+)/.exec(out)?.[1] ?? ''
    expect(existsSync(repository)).toBe(false)
    expect(await portIsFree(4301)).toBe(true)
    expect(await portIsFree(4302)).toBe(true)
  })
})
