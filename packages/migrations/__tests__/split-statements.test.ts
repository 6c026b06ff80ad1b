import { describe, expect, it } from '@jest/globals'
import { splitStatements } from '../src/sql/split-statements.js'
import type { SqlDialect } from '../src/sql/split-statements.js'

const texts = (sql: string, dialect: SqlDialect = 'postgres') =>
  splitStatements(sql, dialect).map(s => s.text)

describe('splitStatements', () => {
  it.each<[string, string, SqlDialect, string[]]>([
    [
      'two statements',
      'create table a (id int);\ninsert into a values (1);',
      'postgres',
      ['create table a (id int)', 'insert into a values (1)']
    ],
    [
      'a semicolon in a string',
      "insert into a values ('x;y');",
      'postgres',
      ["insert into a values ('x;y')"]
    ],
    [
      'an escaped quote',
      "insert into a values ('it''s; fine');",
      'postgres',
      ["insert into a values ('it''s; fine')"]
    ],
    [
      'a semicolon in a line comment',
      'select 1; -- done; really\nselect 2;',
      'postgres',
      ['select 1', 'select 2']
    ],
    [
      'nested block comments (PostgreSQL)',
      'select /* a /* b; */ c; */ 1;',
      'postgres',
      ['select /* a /* b; */ c; */ 1']
    ],
    [
      'a dollar-quoted body',
      'create function f() returns int as $body$ begin return 1; end $body$ language plpgsql;\nselect 1;',
      'postgres',
      [
        'create function f() returns int as $body$ begin return 1; end $body$ language plpgsql',
        'select 1'
      ]
    ],
    [
      'a quoted identifier',
      'create table "a;b" (id int);',
      'postgres',
      ['create table "a;b" (id int)']
    ],
    [
      'an E string with a backslash',
      "select E'a\\';b';",
      'postgres',
      ["select E'a\\';b'"]
    ],
    ['only comments', '-- nothing here;\n/* nor; here */', 'postgres', []],
    ['no final semicolon', 'select 1', 'postgres', ['select 1']],
    [
      'a statement ending in a string',
      "select 'x';\nselect 1",
      'mysql',
      ["select 'x'", 'select 1']
    ],
    [
      'MySQL backslash escapes',
      "insert into a values ('a\\';b');",
      'mysql',
      ["insert into a values ('a\\';b')"]
    ],
    [
      'MySQL # comments and backticks',
      '# hi; there\ncreate table `a;b` (id int);',
      'mysql',
      ['create table `a;b` (id int)']
    ],
    [
      'MySQL DELIMITER blocks',
      'DELIMITER //\ncreate trigger t before insert on a for each row begin set new.id = 1; end//\nDELIMITER ;\nselect 1;',
      'mysql',
      [
        'create trigger t before insert on a for each row begin set new.id = 1; end',
        'select 1'
      ]
    ]
  ])('splits %s', (_name, sql, dialect, expected) => {
    expect(texts(sql, dialect)).toEqual(expected)
  })

  it('locates each statement by line and blanks strings and comments in masked', () => {
    const sql =
      "-- header\n\ncreate table a (id int);\n\ninsert into a values ('drop table x'); -- note\n"
    const [create, insert] = splitStatements(sql, 'postgres')
    expect(create?.line).toBe(3)
    expect(insert?.line).toBe(5)
    expect(insert?.masked).not.toContain('drop table')
    expect(insert?.masked).toHaveLength(insert?.text.length ?? -1)
  })
})
