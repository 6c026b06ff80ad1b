import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import {
  COMMAND_NAMES,
  parseCommand,
  UsageError
} from '../src/args/parse-command.js'
import type { Command, CommandName } from '../src/args/parse-command.js'
import { usage } from '../src/args/usage.js'
import { VERSION } from '../src/version.js'

const usageError = (argv: string[]): UsageError => {
  try {
    parseCommand(argv)
  } catch (error) {
    if (error instanceof UsageError) return error
    throw error
  }
  throw new Error(`no usage error for ${argv.join(' ')}`)
}

describe('the command line', () => {
  it('reads run with its environment, plan, SHA and noop', () => {
    expect(parseCommand(['run', '--env', 'staging'])).toEqual({
      kind: 'run',
      env: 'staging',
      config: undefined,
      sha: undefined,
      noop: false,
      json: false
    })
    expect(
      parseCommand([
        'run',
        '--env=pr-7',
        '--config',
        'ops/plan.yml',
        '--sha',
        'abc1234',
        '--noop'
      ])
    ).toEqual({
      kind: 'run',
      env: 'pr-7',
      config: 'ops/plan.yml',
      sha: 'abc1234',
      noop: true,
      json: false
    })
  })

  it('promotes from staging to production unless told otherwise', () => {
    expect(parseCommand(['promote'])).toMatchObject({
      kind: 'promote',
      from: 'staging',
      to: 'production'
    })
    expect(
      parseCommand([
        'promote',
        '--from',
        'qa',
        '--to',
        'prod',
        '--default-branch',
        'trunk'
      ])
    ).toMatchObject({ from: 'qa', to: 'prod', defaultBranch: 'trunk' })
    expect(parseCommand(['promote', '--noop', '--json'])).toMatchObject({
      noop: true,
      json: true
    })
  })

  it('reads status, demo, help and version', () => {
    expect(parseCommand(['status'])).toEqual({ kind: 'status', json: false })
    expect(parseCommand(['status', '--json'])).toEqual({
      kind: 'status',
      json: true
    })
    expect(parseCommand(['demo'])).toEqual({ kind: 'demo' })
    expect(parseCommand(['--help'])).toEqual({ kind: 'help' })
    expect(parseCommand(['-h'])).toEqual({ kind: 'help' })
    expect(parseCommand(['help', 'promote'])).toEqual({
      kind: 'help',
      topic: 'promote'
    })
    expect(parseCommand(['run', '--help'])).toEqual({
      kind: 'help',
      topic: 'run'
    })
    expect(parseCommand(['--version'])).toEqual({ kind: 'version' })
  })

  it.each<[string, string[], Command]>([
    [
      'run --wait in minutes',
      ['run', '--env', 'staging', '--wait', '10'],
      { kind: 'run', env: 'staging', noop: false, wait: 10, json: false }
    ],
    [
      'run --wait as a fraction of a minute',
      ['run', '--env=qa', '--wait=0.5'],
      { kind: 'run', env: 'qa', noop: false, wait: 0.5, json: false }
    ],
    [
      'run --wait 0 (refuse at once)',
      ['run', '--env', 'qa', '--wait', '0'],
      { kind: 'run', env: 'qa', noop: false, wait: 0, json: false }
    ],
    [
      'promote --wait',
      ['promote', '--wait', '15', '--to', 'prod'],
      {
        kind: 'promote',
        from: 'staging',
        to: 'prod',
        wait: 15,
        noop: false,
        json: false
      }
    ],
    [
      'lock with a reason',
      ['lock', 'production', '--reason', 'freeze until Monday'],
      { kind: 'lock', env: 'production', reason: 'freeze until Monday' }
    ],
    [
      'lock without a reason',
      ['lock', 'staging'],
      { kind: 'lock', env: 'staging' }
    ],
    [
      'unlock',
      ['unlock', 'staging'],
      { kind: 'unlock', env: 'staging', force: false }
    ],
    [
      'unlock --force before the environment',
      ['unlock', '--force', 'staging'],
      { kind: 'unlock', env: 'staging', force: true }
    ],
    [
      'history with the default limit',
      ['history', 'staging'],
      { kind: 'history', env: 'staging', limit: 20, json: false }
    ],
    [
      'history --limit',
      ['history', 'production', '--limit', '5'],
      { kind: 'history', env: 'production', limit: 5, json: false }
    ],
    ['lock --help', ['lock', '--help'], { kind: 'help', topic: 'lock' }],
    ['help history', ['help', 'history'], { kind: 'help', topic: 'history' }]
  ])('reads %s', (_name, argv, expected) => {
    expect(parseCommand(argv)).toEqual(expected)
  })

  it.each<[string[], string, CommandName | undefined]>([
    [['run', '--env', 'qa', '--wait'], 'option --wait needs a value', 'run'],
    [
      ['run', '--env', 'qa', '--wait', '-1'],
      'option --wait needs a value (one starting with "-" is written --wait=<value>)',
      'run'
    ],
    [
      ['run', '--env', 'qa', '--wait=-1'],
      'option --wait takes minutes, a number ≥ 0 (got "-1"), e.g. --wait 10',
      'run'
    ],
    [
      ['run', '--env', 'qa', '--wait', 'soon'],
      'option --wait takes minutes, a number ≥ 0 (got "soon"), e.g. --wait 10',
      'run'
    ],
    [
      ['promote', '--wait', '1e3'],
      'option --wait takes minutes, a number ≥ 0 (got "1e3"), e.g. --wait 10',
      'promote'
    ],
    [['run', '--env', 'qa', '--wait='], 'option --wait is empty', 'run'],
    [['lock'], 'missing <environment> (e.g. rehearse lock staging)', 'lock'],
    [
      ['unlock', '--force'],
      'missing <environment> (e.g. rehearse unlock staging)',
      'unlock'
    ],
    [
      ['lock', 'staging', 'production'],
      'unexpected argument "production"',
      'lock'
    ],
    [['lock', 'staging', '--reason'], 'option --reason needs a value', 'lock'],
    [['lock', 'staging', '--force'], 'unknown option --force', 'lock'],
    [
      ['unlock', 'staging', '--reason', 'x'],
      'unknown option --reason',
      'unlock'
    ],
    [
      ['history', 'staging', '--limit', '0'],
      'option --limit takes a whole number ≥ 1 (got "0"), e.g. --limit 50',
      'history'
    ],
    [
      ['history', 'staging', '--limit', '2.5'],
      'option --limit takes a whole number ≥ 1 (got "2.5"), e.g. --limit 50',
      'history'
    ],
    [
      ['history', '--limit', '5'],
      'missing <environment> (e.g. rehearse history staging)',
      'history'
    ],
    [['status', '--wait', '5'], 'unknown option --wait', 'status']
  ])('refuses %j: %s', (argv, message, command) => {
    expect(usageError(argv)).toMatchObject({ message, command })
  })

  it('rejects what it does not know, naming it and the command', () => {
    expect(usageError([]).message).toBe(
      'missing command (init, run, promote, rollback, status, history, drift, lock, unlock, teardown, refresh or demo)'
    )
    expect(usageError(['deploy']).message).toBe(
      'unknown command "deploy" (commands: init, run, promote, rollback, status, history, drift, lock, unlock, teardown, refresh, demo)'
    )
    expect(usageError(['--env', 'staging']).message).toMatch(
      /unknown option --env \(commands come first/
    )
    expect(usageError(['run', '--env', 'staging', '--force'])).toMatchObject({
      message: 'unknown option --force',
      command: 'run'
    })
    expect(usageError(['run', '--env']).message).toBe(
      'option --env needs a value'
    )
    expect(usageError(['run', '--noop=yes', '--env', 'x']).message).toBe(
      'option --noop takes no value'
    )
    expect(usageError(['status', 'extra']).message).toBe(
      'unexpected argument "extra"'
    )
  })

  it('requires an environment for run, and no empty values', () => {
    expect(usageError(['run']).message).toMatch(/missing --env <environment>/)
    expect(usageError(['run', '--env', '']).message).toBe(
      'option --env is empty'
    )
  })

  it('documents every command in the help, and its version is the package version', () => {
    for (const command of COMMAND_NAMES) {
      expect(usage()).toContain(`rehearse ${command}`)
      expect(usage(command)).toMatch(new RegExp(`^Usage: rehearse ${command}`))
    }
    const pkg = (file: string) =>
      JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as {
        version: string
      }
    expect(VERSION).toBe(pkg('../../../package.json').version)
    expect(VERSION).toBe(pkg('../package.json').version)
  })
})
