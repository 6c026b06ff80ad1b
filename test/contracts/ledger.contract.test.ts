import { afterAll, afterEach, beforeAll, describe } from '@jest/globals'
import { deploymentCases } from './ledger-deployment-cases.js'
import { environmentCases } from './ledger-environment-cases.js'
import { recordCases } from './ledger-record-cases.js'
import { subjects } from './ledger-subjects.js'
import type { LedgerSubject } from './ledger-subjects.js'

// One contract for every Ledger implementation: memory (engine tests), the
// CLI's file, and GitHub on the REST emulator. Each test uses its own
// environment names and commits, so one emulator serves the whole suite.

describe.each(subjects)('the ledger on $name', ({ start }) => {
  let subject: LedgerSubject | undefined
  let n = 0
  const context = {
    subject: () => {
      if (!subject) throw new Error('the ledger did not start')
      return subject
    },
    env: (base = 'env') => `${base}-${++n}`
  }

  beforeAll(async () => {
    subject = await start()
  })
  afterEach(() => subject?.verify())
  afterAll(() => subject?.stop())

  deploymentCases(context)
  recordCases(context)
  environmentCases(context)
})
