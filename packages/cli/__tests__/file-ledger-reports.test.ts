import { describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFileLedger } from '../src/ledger/file-ledger.js'

const SHA = 'a'.repeat(40)

describe('file ledger reports', () => {
  it('keeps the newest report per SHA, environment and stage', async () => {
    const path = join(
      mkdtempSync(join(tmpdir(), 'rehearse-reports-')),
      'ledger.json'
    )
    const ledger = createFileLedger(path)
    const report = (n: number) => ({
      title: `run ${n}`,
      summary: '',
      data: { n }
    })
    await ledger.saveReport(SHA, 'staging', 'smoke', report(1))
    await ledger.saveReport(SHA, 'staging', 'smoke', report(2))
    await ledger.saveReport(SHA, 'staging', 'migrations', report(3))

    const reopened = createFileLedger(path)
    expect(await reopened.readReport(SHA, 'staging', 'smoke')).toEqual(
      report(2)
    )
    expect(await reopened.readReport(SHA, 'staging', 'migrations')).toEqual(
      report(3)
    )
    expect(
      await reopened.readReport(SHA, 'production', 'smoke')
    ).toBeUndefined()
  })
})
