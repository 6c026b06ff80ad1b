import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeFingerprint, migrationSetChecksum } from '@rehearse/engine'
import type { Plan } from '@rehearse/engine'

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-set-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

const plan = (migrations: Plan['migrations']): Plan => ({
  file: '.github/rehearse.yml',
  version: 1,
  artifact: undefined,
  deploy: [],
  rollback: [],
  scaleDown: [],
  scaleUp: [],
  freezes: [],
  teardown: [],
  facts: [],
  strategy: { type: 'direct' },
  migrations,
  smoke: undefined,
  environments: {
    staging: {
      name: 'staging',
      url: undefined,
      env: {},
      requires: [],
      soakMinutes: 0,
      production: false,
      transient: false,
      hosts: [],
      slots: undefined,
      autoRollback: false,
      rollbackMaxSeconds: undefined,
      perPr: false,
      maxIdleDays: undefined
    }
  },
  parity: { allowDifferences: [] }
})

const sql = { tool: 'sql', dir: 'db' }

describe('migrationSetChecksum', () => {
  it('is empty without migrations and stable for the same files', () => {
    const ws = workspace({ 'db/V1__a.sql': 'create table a (id int);\n' })
    expect(migrationSetChecksum(plan(undefined), ws)).toBe('')
    expect(migrationSetChecksum(plan(sql), ws)).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(migrationSetChecksum(plan(sql), ws)).toBe(
      migrationSetChecksum(plan(sql), ws)
    )
  })

  it("changes with a file's content or name, a new file, or a down file, but not with CRLF line ends or other files", () => {
    const base = {
      'db/V1__a.sql': 'create table a (id int);\n',
      'db/U1__a.sql': 'drop table a;\n'
    }
    const of = (files: Record<string, string>) =>
      migrationSetChecksum(plan(sql), workspace(files))
    const reference = of(base)
    expect(
      of({ ...base, 'db/V1__a.sql': 'create table a (id bigint);\n' })
    ).not.toBe(reference)
    expect(
      of({
        'db/V1__b.sql': base['db/V1__a.sql'],
        'db/U1__a.sql': base['db/U1__a.sql']
      })
    ).not.toBe(reference)
    expect(of({ ...base, 'db/V2__b.sql': 'select 1;\n' })).not.toBe(reference)
    expect(of({ 'db/V1__a.sql': base['db/V1__a.sql'] })).not.toBe(reference)
    expect(
      of({ ...base, 'db/V1__a.sql': 'create table a (id int);\r\n' })
    ).toBe(reference)
    expect(of({ ...base, 'db/README.md': 'notes' })).toBe(reference)
  })

  it('is what the fingerprint uses for its migrations part unless told otherwise', () => {
    const ws = workspace({ 'db/V1__a.sql': 'create table a (id int);\n' })
    const withSet = computeFingerprint(plan(sql), 'staging', ws)
    const without = computeFingerprint(plan(sql), 'staging', ws, {
      migrations: ''
    })
    expect(withSet.parts.migrations).not.toBe(without.parts.migrations)
    writeFileSync(join(ws, 'db', 'V2__b.sql'), 'select 1;\n')
    expect(
      computeFingerprint(plan(sql), 'staging', ws).parts.migrations
    ).not.toBe(withSet.parts.migrations)
  })
})
