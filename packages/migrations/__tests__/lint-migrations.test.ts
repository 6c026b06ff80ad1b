import { describe, expect, it } from '@jest/globals'
import { LINT_DEFAULTS } from '../src/config/migration-config.js'
import type { LintRule } from '../src/config/migration-config.js'
import type { MigrationFile } from '../src/files/read-migrations.js'
import { lintMigrations } from '../src/lint/lint-migrations.js'
import type { SqlDialect } from '../src/sql/split-statements.js'

function migration(
  sql: string,
  extra: Partial<MigrationFile> = {}
): MigrationFile {
  return {
    version: '2',
    name: 'change',
    file: 'db/V2__change.sql',
    sql,
    checksum: '',
    down: undefined,
    transactional: !/rehearse:no-transaction/.test(sql),
    allowed: [...sql.matchAll(/rehearse:allow (\S+)/g)].map(m => m[1] ?? ''),
    ...extra
  }
}

const found = (sql: string, dialect: SqlDialect = 'postgres') =>
  lintMigrations([migration(sql)], dialect, LINT_DEFAULTS).map(f => [
    f.rule,
    f.line
  ])

describe('lintMigrations', () => {
  it.each<[string, string, SqlDialect, Array<[LintRule, number]>]>([
    [
      'an index without CONCURRENTLY on an existing table',
      'create index users_email on users (email);',
      'postgres',
      [['index-not-concurrent', 1]]
    ],
    [
      'a unique index on a schema-qualified table',
      '\n\ncreate unique index if not exists u on public."Users" (email);',
      'postgres',
      [['index-not-concurrent', 3]]
    ],
    [
      'an index on a table created in the same run',
      'create table t (id int);\ncreate index t_id on t (id);',
      'postgres',
      []
    ],
    [
      'CONCURRENTLY without rehearse:no-transaction',
      'create index concurrently users_email on users (email);',
      'postgres',
      [['concurrently-in-transaction', 1]]
    ],
    [
      'CONCURRENTLY outside a transaction',
      '-- rehearse:no-transaction\ncreate index concurrently users_email on users (email);',
      'postgres',
      []
    ],
    [
      'DROP INDEX CONCURRENTLY in a transaction',
      'drop index concurrently users_email;',
      'postgres',
      [['concurrently-in-transaction', 1]]
    ],
    [
      'a NOT NULL column without default',
      'alter table users add column age int not null;',
      'postgres',
      [['not-null-without-default', 1]]
    ],
    [
      'a NOT NULL column with a default',
      'alter table users add column age int not null default 0;',
      'postgres',
      []
    ],
    [
      'a nullable column',
      'alter table users add column age int;',
      'postgres',
      []
    ],
    [
      'NOT NULL in the second action, on its line',
      'alter table users\n  add column a int,\n  add column b int not null;',
      'postgres',
      [['not-null-without-default', 3]]
    ],
    [
      'NOT NULL without default on MySQL',
      'alter table users add age int not null;',
      'mysql',
      [['not-null-without-default', 1]]
    ],
    [
      'a NOT NULL constraint addition',
      'alter table users add constraint c check (age is not null);',
      'postgres',
      []
    ],
    [
      'a dropped column',
      'alter table users drop column age;',
      'postgres',
      [['drop-column', 1]]
    ],
    [
      'a dropped column without COLUMN (MySQL)',
      'alter table users drop age;',
      'mysql',
      [['drop-column', 1]]
    ],
    [
      'a dropped constraint',
      'alter table users drop constraint users_age_check;',
      'postgres',
      []
    ],
    [
      'a dropped default',
      'alter table users alter column age drop default;',
      'postgres',
      []
    ],
    [
      'a dropped table',
      'drop table if exists users;',
      'postgres',
      [['drop-table', 1]]
    ],
    [
      'a table created and dropped in the run',
      'create table tmp (id int);\ndrop table tmp;',
      'postgres',
      []
    ],
    [
      'a renamed column',
      'alter table users rename column name to full_name;',
      'postgres',
      [['rename', 1]]
    ],
    [
      'a renamed table',
      'alter table users rename to people;',
      'postgres',
      [['rename', 1]]
    ],
    [
      'RENAME TABLE (MySQL)',
      'rename table users to people;',
      'mysql',
      [['rename', 1]]
    ],
    [
      'a renamed constraint',
      'alter table users rename constraint a to b;',
      'postgres',
      []
    ],
    [
      'risky words inside strings and comments',
      "-- drop table users;\ninsert into notes values ('alter table users drop column x');",
      'postgres',
      []
    ],
    [
      'no index rule on MySQL',
      'create index users_email on users (email);',
      'mysql',
      []
    ]
  ])('finds %s', (_name, sql, dialect, expected) => {
    expect(found(sql, dialect)).toEqual(expected)
  })

  it("honours the plan's levels and a file's rehearse:allow", () => {
    const sql = 'alter table users drop column age;\ndrop table old;'
    const levels = {
      ...LINT_DEFAULTS,
      'drop-table': 'error' as const,
      'drop-column': 'off' as const
    }
    expect(lintMigrations([migration(sql)], 'postgres', levels)).toEqual([
      expect.objectContaining({
        rule: 'drop-table',
        level: 'error',
        file: 'db/V2__change.sql',
        line: 2
      })
    ])
    const allowed = `-- rehearse:allow drop-table\n${sql}`
    expect(lintMigrations([migration(allowed)], 'postgres', levels)).toEqual([])
  })

  it('treats tables created by an earlier pending migration as new', () => {
    const first = migration('create table orders (id int);', {
      file: 'db/V1__orders.sql'
    })
    const second = migration(
      'create index orders_id on orders (id);\nalter table orders add column total int not null;'
    )
    expect(lintMigrations([first, second], 'postgres', LINT_DEFAULTS)).toEqual(
      []
    )
  })
})
