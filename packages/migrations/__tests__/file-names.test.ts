import { describe, expect, it } from '@jest/globals'
import {
  classifyFileName,
  compareVersions,
  normalizeVersion
} from '../src/files/file-names.js'
import type { DownNaming } from '../src/config/migration-config.js'

describe('classifyFileName', () => {
  it.each<[string, DownNaming, object]>([
    [
      'V1__create_users.sql',
      'auto',
      { kind: 'up', version: '1', name: 'create_users' }
    ],
    [
      'V001__create-users.sql',
      'auto',
      { kind: 'up', version: '1', name: 'create-users' }
    ],
    ['V1_2__split.sql', 'auto', { kind: 'up', version: '1.2', name: 'split' }],
    ['V2.10__x.sql', 'auto', { kind: 'up', version: '2.10', name: 'x' }],
    [
      'V20240101120000__stamp.sql',
      'auto',
      { kind: 'up', version: '20240101120000', name: 'stamp' }
    ],
    [
      'U1__create_users.sql',
      'auto',
      { kind: 'down', version: '1', name: 'create_users' }
    ],
    [
      'V1__create_users.down.sql',
      'auto',
      { kind: 'down', version: '1', name: 'create_users' }
    ],
    [
      'U1__create_users.sql',
      'undo-prefix',
      { kind: 'down', version: '1', name: 'create_users' }
    ],
    [
      'V1__create_users.down.sql',
      'down-suffix',
      { kind: 'down', version: '1', name: 'create_users' }
    ],
    ['README.md', 'auto', { kind: 'ignored' }],
    ['seed.csv', 'auto', { kind: 'ignored' }]
  ])('reads %s (%s) as %j', (file, naming, expected) => {
    expect(classifyFileName(file, naming)).toEqual(expected)
  })

  it.each<[string, DownNaming, string]>([
    ['V2_add_orders.sql', 'auto', 'not a migration file name'],
    ['V__no_version.sql', 'auto', 'not a migration file name'],
    ['V3__.sql', 'auto', 'not a migration file name'],
    ['v3__lowercase.sql', 'auto', 'not a migration file name'],
    ['R__repeatable.sql', 'auto', 'not a migration file name'],
    ['V3__has space.sql', 'auto', 'not a migration file name'],
    ['schema.sql', 'auto', 'not a migration file name'],
    ['U1__x.sql', 'down-suffix', 'V<version>__<name>.down.sql here'],
    ['V1__x.down.sql', 'undo-prefix', 'U<version>__<name>.sql here']
  ])('refuses %s (%s) instead of skipping it', (file, naming, reason) => {
    const kind = classifyFileName(file, naming)
    expect(kind.kind).toBe('invalid')
    expect(kind.kind === 'invalid' && kind.reason).toContain(reason)
  })
})

describe('versions', () => {
  it.each([
    ['1', '1'],
    ['001', '1'],
    ['1_02', '1.2'],
    ['1.0.3', '1.0.3']
  ])('normalizes %s to %s', (raw, normal) => {
    expect(normalizeVersion(raw)).toBe(normal)
  })

  it('orders numerically, part by part', () => {
    const versions = ['10', '2', '1.10', '1.9', '1', '20240101120000', '1.9.1']
    expect([...versions].sort(compareVersions)).toEqual([
      '1',
      '1.9',
      '1.9.1',
      '1.10',
      '2',
      '10',
      '20240101120000'
    ])
  })
})
