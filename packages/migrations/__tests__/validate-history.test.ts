import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '@rehearse/core'
import type { MigrationFile } from '../src/files/read-migrations.js'
import type { HistoryRow } from '../src/history/history-table.js'
import { validateHistory } from '../src/history/validate-history.js'

const file = (version: string, checksum = `sum${version}`): MigrationFile => ({
  version,
  name: `m${version}`,
  file: `db/V${version}__m${version}.sql`,
  sql: '',
  checksum,
  down: undefined,
  transactional: true,
  allowed: []
})

const row = (version: string, extra: Partial<HistoryRow> = {}): HistoryRow => ({
  version,
  name: `m${version}`,
  checksum: `sum${version}`,
  status: 'success',
  appliedAt: '2026-01-01T00:00:00Z',
  durationMs: 1,
  appliedBy: 'abc',
  error: null,
  ...extra
})

function refusal(
  files: MigrationFile[],
  rows: HistoryRow[]
): ConfigurationError {
  try {
    validateHistory(files, rows, 'rehearse_migrations')
  } catch (error) {
    if (error instanceof ConfigurationError) return error
    throw error
  }
  throw new Error('validateHistory accepted it')
}

describe('validateHistory', () => {
  it('returns the files not yet applied, in order', () => {
    const pending = validateHistory(
      [file('1'), file('2'), file('3')],
      [row('1')],
      't'
    )
    expect(pending.map(f => f.version)).toEqual(['2', '3'])
  })

  it('lets an older release run on a newer schema (a rollback): nothing pending', () => {
    const pending = validateHistory(
      [file('1'), file('2')],
      [row('1'), row('2'), row('3'), row('4')],
      't'
    )
    expect(pending).toEqual([])
  })

  it.each<[string, MigrationFile[], HistoryRow[], string, string]>([
    [
      'an edited applied migration',
      [file('1', 'changed')],
      [row('1')],
      'checksum_mismatch',
      'db/V1__m1.sql was edited after it was applied'
    ],
    [
      'an applied migration whose file is gone',
      [file('2')],
      [row('1'), row('2')],
      'applied_migration_missing',
      'V1 (m1) is applied in the database but its file is gone'
    ],
    [
      'a failed migration awaiting repair',
      [file('1'), file('2')],
      [row('1'), row('2', { status: 'failed', error: 'db/V2:3: boom' })],
      'migration_failed_earlier',
      "DELETE FROM rehearse_migrations WHERE version = '2';"
    ],
    [
      'an interrupted migration',
      [file('1')],
      [row('1', { status: 'running' })],
      'migration_failed_earlier',
      'was interrupted'
    ],
    [
      'a new migration below an applied one',
      [file('1'), file('2'), file('3')],
      [row('1'), row('3')],
      'migration_out_of_order',
      'db/V2__m2.sql is new but version 3 is already applied'
    ]
  ])('refuses %s', (_name, files, rows, reason, message) => {
    const error = refusal(files, rows)
    expect(error.reason).toBe(reason)
    expect(error.message).toContain(message)
  })
})
