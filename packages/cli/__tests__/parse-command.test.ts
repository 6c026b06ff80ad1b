import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parseCommand, UsageError } from '../src/args/parse-command.js'
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
      noop: false
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
      noop: true
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
  })

  it('reads status, demo, help and version', () => {
    expect(parseCommand(['status'])).toEqual({ kind: 'status' })
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

  it('rejects what it does not know, naming it and the command', () => {
    expect(usageError([]).message).toMatch(/missing command/)
    expect(usageError(['deploy']).message).toBe(
      'unknown command "deploy" (commands: run, promote, status, demo)'
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
    for (const command of ['run', 'promote', 'status', 'demo'] as const) {
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
