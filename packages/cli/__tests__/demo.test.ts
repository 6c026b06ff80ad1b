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
  it('promotes release 1, shows release 2 failing on staging and refused by the gate, then cleans up', async () => {
    const started = Date.now()
    const result = await finished(spawnTs(BIN, ['demo']))
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const out = result.stdout
    expect(out).toMatch(/✓ staging @ \w{7} deployed/)
    expect(out).toMatch(/Gate to production: open/)
    expect(out).toMatch(/✓ production @ \w{7} deployed/)
    expect(out).toMatch(
      /answered HTTP 500 .*CACHE_URL is not set.*expected 200 with version 2\.0\.0/
    )
    expect(out).toMatch(/✗ staging @ \w{7} failed .*step "Verify"/)
    expect(out).toMatch(
      /rehearse: promotion refused \(rehearsal_not_successful\): The staging deployment of \w{7} is failure/
    )
    expect(out).toMatch(
      /Production still serves the release staging rehearsed: HTTP 200 .*"version":"1\.0\.0"/
    )
    expect(out).toMatch(/stopped 2 demo app process\(es\)/)
    const repository = /throwaway git repository (\S+)/.exec(out)?.[1] ?? ''
    expect(existsSync(repository)).toBe(false)
    expect(await portIsFree(4301)).toBe(true)
    expect(await portIsFree(4302)).toBe(true)
    expect(Date.now() - started).toBeLessThan(20_000)
  })
})
