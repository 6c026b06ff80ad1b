import { describe, expect, it } from '@jest/globals'
import { checkDataReceipt } from '../src/receipt/check-data-receipt.js'
import type { DataReceipt } from '../src/receipt/data-receipt.js'

const NOW = new Date('2030-01-10T12:00:00Z')
const policy = { maxAgeDays: 7, requireRules: false }

function receipt(changes: Partial<DataReceipt> = {}): DataReceipt {
  return {
    rehearse: 1,
    kind: 'data',
    status: 'success',
    environment: 'staging',
    sha: 'a'.repeat(40),
    snapshotAt: '2030-01-08T03:00:00Z',
    finishedAt: '2030-01-08T03:10:00Z',
    durationMs: 600_000,
    schema: { historyTable: 'rehearse_migrations', source: '12', target: '13' },
    servers: {},
    policy: { hash: 'sha256:x', seed: '7', keyFingerprint: 'abc' },
    coverage: {
      columns: 10,
      ruled: 6,
      masked: 4,
      unruled: ['orders.total'],
      blocked: []
    },
    tables: [],
    skipped: [],
    emptied: [],
    rows: 1000,
    rowsPerSecond: 100,
    orphans: 0,
    leak: { columns: 4, sampled: 800, matches: 0, findings: [] },
    ...changes
  }
}

describe('the gate on a data receipt', () => {
  it('passes a fresh, fully masked, clean receipt at the schema being promoted', () => {
    const finding = checkDataReceipt({
      receipt: receipt(),
      policy,
      now: NOW,
      migrationsHead: '12'
    })
    expect(finding.ok).toBe(true)
    expect(finding.message).toContain('2.4 days old')
  })

  it.each([
    ['no receipt', undefined, {}, 'data_stale'],
    [
      'a snapshot older than max-age-days',
      receipt({ snapshotAt: '2030-01-01T00:00:00Z' }),
      {},
      'data_stale'
    ],
    [
      'a failed refresh',
      receipt({ status: 'failure', message: 'connection reset' }),
      {},
      'data_stale'
    ],
    [
      'a blocked refresh',
      receipt({
        status: 'blocked',
        coverage: {
          columns: 10,
          ruled: 6,
          masked: 4,
          unruled: [],
          blocked: ['orders.email']
        }
      }),
      {},
      'data_unmasked_columns'
    ],
    [
      'an unruled column when every column needs a rule',
      receipt(),
      { requireRules: true },
      'data_unmasked_columns'
    ],
    [
      'a leak found by the probe',
      receipt({
        status: 'failure',
        reason: 'data_leak',
        leak: {
          columns: 4,
          sampled: 800,
          matches: 2,
          findings: [{ table: 'users', column: 'email', rows: 2 }]
        }
      }),
      {},
      'data_leak'
    ],
    [
      'a source behind the migration head',
      receipt(),
      { head: '12.1' },
      'data_schema_behind'
    ],
    [
      'a source without history when a head is asked',
      receipt({
        schema: { historyTable: 'h', source: undefined, target: undefined }
      }),
      { head: '1' },
      'data_schema_behind'
    ]
  ] as const)('refuses %s', (_what, given, options, reason) => {
    const finding = checkDataReceipt({
      receipt: given,
      policy: { ...policy, requireRules: 'requireRules' in options },
      now: NOW,
      migrationsHead: 'head' in options ? options.head : undefined
    })
    expect([finding.ok, finding.reason]).toEqual([false, reason])
    expect(finding.message).toMatch(/refresh/i)
  })

  it('compares versions as run-migrations orders them (1.10 after 1.9)', () => {
    const at = (source: string, head: string) =>
      checkDataReceipt({
        receipt: receipt({
          schema: { historyTable: 'h', source, target: undefined }
        }),
        policy,
        now: NOW,
        migrationsHead: head
      }).ok
    expect([at('1.10', '1.9'), at('1.9', '1.10'), at('2', '2')]).toEqual([
      true,
      false,
      true
    ])
  })
})
