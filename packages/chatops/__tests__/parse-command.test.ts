import { describe, expect, it } from '@jest/globals'
import { parseCommand } from '../src/parse-command.js'
import type { ParsedComment } from '../src/parse-command.js'

const command = (
  kind: string,
  extra: Record<string, string> = {}
): ParsedComment =>
  ({ type: 'command', command: { kind, ...extra } }) as ParsedComment
const none: ParsedComment = { type: 'none' }
const invalid = (kind: string) =>
  expect.objectContaining({ type: 'invalid', kind })

describe('parseCommand', () => {
  it.each<[string, string, unknown]>([
    ['a bare deploy', '.deploy', command('deploy')],
    [
      'deploy to an environment',
      '.deploy preview',
      command('deploy', { environment: 'preview' })
    ],
    [
      'deploy followed by a newline and prose',
      '.deploy\nplease, now',
      command('deploy')
    ],
    [
      'deploy with CRLF',
      '.deploy staging\r\n',
      command('deploy', { environment: 'staging' })
    ],
    [
      'deploy separated by a tab',
      '.deploy\tstaging',
      command('deploy', { environment: 'staging' })
    ],
    [
      'deploy with trailing spaces',
      '.deploy staging   ',
      command('deploy', { environment: 'staging' })
    ],
    ['deploy noop', '.deploy noop', command('noop')],
    [
      'deploy noop to an environment',
      '.deploy noop preview',
      command('noop', { environment: 'preview' })
    ],
    ['noop', '.noop', command('noop')],
    [
      'noop to an environment',
      '.noop staging',
      command('noop', { environment: 'staging' })
    ],
    ['rollback', '.rollback', command('rollback')],
    [
      'rollback an environment',
      '.rollback staging',
      command('rollback', { environment: 'staging' })
    ],
    [
      'unlock',
      '.unlock staging',
      command('unlock', { environment: 'staging' })
    ],
    ['status', '.status', command('status')],
    ['help', '.help', command('help')],
    ['lock', '.lock', command('lock')],
    [
      'lock an environment',
      '.lock production',
      command('lock', { environment: 'production' })
    ],
    [
      'lock with a quoted reason',
      '.lock staging --reason "QA in progress"',
      command('lock', { environment: 'staging', reason: 'QA in progress' })
    ],
    [
      'lock with curly quotes',
      '.lock --reason “freeze for release”',
      command('lock', { reason: 'freeze for release' })
    ],
    [
      'lock with --reason=',
      '.lock staging --reason=QA',
      command('lock', { environment: 'staging', reason: 'QA' })
    ],
    [
      'lock with an unquoted reason',
      '.lock --reason QA until 5pm',
      command('lock', { reason: 'QA until 5pm' })
    ],
    [
      'lock whose reason holds backticks, kept as data',
      '.lock --reason "```$(rm -rf /)```"',
      command('lock', { reason: '```$(rm -rf /)```' })
    ]
  ])('reads %s', (_name, body, expected) => {
    expect(parseCommand(body, '.')).toEqual(expected)
  })

  it.each<[string, string]>([
    ['a longer word', '.deployx'],
    ['a longer word with an environment', '.deployment staging'],
    ['an unknown command', '.frobnicate'],
    ['plain prose', 'LGTM, ship it'],
    ['the command later in the text', 'please .deploy'],
    ['a leading space', ' .deploy'],
    ['a leading BOM', '\ufeff.deploy'],
    ['a quote', '> .deploy'],
    ['inline code', '`.deploy`'],
    ['a fenced block', '```\n.deploy\n```'],
    ['a non-breaking space after the word', '.deploy\u00a0staging'],
    ['an ideographic space after the word', '.deploy\u3000staging'],
    ['upper case', '.Deploy'],
    ['an empty comment', ''],
    ['the prefix alone', '.'],
    ['a lone carriage return inside the word', '.deploy\rstaging']
  ])('ignores %s', (_name, body) => {
    expect(parseCommand(body, '.')).toEqual(none)
  })

  it.each<[string, string, string]>([
    ['two environments', '.deploy staging production', 'deploy'],
    ['deploy to', '.deploy to staging', 'deploy'],
    ['a shell expression as environment', '.deploy $(id)', 'deploy'],
    ['backticks as environment', '.deploy `id`', 'deploy'],
    ['a path as environment', '.deploy ../prod', 'deploy'],
    ['a prototype key as environment', '.deploy __proto__', 'deploy'],
    ['parameters to status', '.status now', 'status'],
    ['parameters to help', '.help me', 'help'],
    ['an unknown lock flag', '.lock --__proto__.polluted=1', 'lock'],
    ['a constructor flag', '.lock --constructor.prototype.y=1', 'lock'],
    ['the reason twice', '.lock --reason a --reason b', 'lock'],
    ['an empty reason', '.lock staging --reason', 'lock'],
    ['a too long environment', `.deploy ${'a'.repeat(101)}`, 'deploy']
  ])('refuses %s as an invalid command', (_name, body, kind) => {
    expect(parseCommand(body, '.')).toEqual(invalid(kind))
  })

  it('leaves Object.prototype alone whatever the parameters say', () => {
    parseCommand('.lock --__proto__.polluted=1 --reason x', '.')
    parseCommand('.deploy constructor', '.')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('reads only the first line, however long the comment', () => {
    const body = `.deploy staging\n${'x'.repeat(65_530)}`
    expect(parseCommand(body, '.')).toEqual(
      command('deploy', { environment: 'staging' })
    )
    expect(parseCommand(`.deploy ${'a'.repeat(65_530)}`, '.')).toEqual(
      invalid('deploy')
    )
  })

  it('takes a configured prefix literally, regex characters included', () => {
    expect(parseCommand('/deploy', '/')).toEqual(command('deploy'))
    expect(parseCommand('.*deploy', '.*')).toEqual(command('deploy'))
    expect(parseCommand('xdeploy', '.*')).toEqual(none)
    expect(parseCommand('.deploy', '/')).toEqual(none)
  })

  it('keeps control characters out of a lock reason and caps its length', () => {
    const parsed = parseCommand(
      `.lock --reason "a\u0007b${'c'.repeat(300)}"`,
      '.'
    )
    expect(parsed.type).toBe('command')
    const reason =
      parsed.type === 'command' ? (parsed.command.reason ?? '') : ''
    expect(reason.startsWith('a b')).toBe(true)
    expect([...reason]).toHaveLength(200)
  })
})
