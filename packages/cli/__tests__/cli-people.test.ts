import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createGitRepo } from '@rehearse/bench'
import type { GitRepo } from '@rehearse/bench'
import { distCli, startApp } from './support/dist-cli.js'

// The CLI as people and scripts use it, through the bundle (dist/cli):
// --json documents, promote --noop, plain output whatever the terminal,
// flags rather than action inputs in messages, migration errors and lint
// findings with file and line, progress while waiting for healthy.

const PLAN = '.github/rehearse.yml'
// The escape that starts every color and cursor sequence.
const ANSI = new RegExp(String.fromCharCode(27) + '\\[')

let repo: GitRepo | undefined
const closers: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const close of closers.splice(0)) await close()
  await repo?.dispose()
  repo = undefined
})

function planFor(staging: string, production: string, extra = ''): string {
  return `version: 1
deploy:
  - name: Deploy
    run: echo "deploying to $REHEARSE_ENVIRONMENT"
${extra}smoke:
  checks:
    - { name: home, path: /, expect: { status: 200 } }
environments:
  staging: { url: ${staging} }
  production: { url: ${production}, requires: [staging] }
`
}

async function appRepo(
  files: Record<string, string> = {},
  extra = ''
): Promise<GitRepo> {
  const staging = await startApp()
  const production = await startApp()
  closers.push(staging.close, production.close)
  const created = await createGitRepo()
  await created.commit({
    files: {
      [PLAN]: planFor(staging.url, production.url, extra),
      '.gitignore': '.rehearse/\n',
      ...files
    },
    message: 'app'
  })
  return created
}

function parsed(stdout: string): Record<string, unknown> {
  // One document, nothing else on stdout.
  return JSON.parse(stdout) as Record<string, unknown>
}

describe('rehearse for people and scripts', () => {
  it('--json on run, promote --noop, promote, status and history; progress on stderr', async () => {
    repo = await appRepo()
    const sha = (await repo.git('rev-parse', 'HEAD')).trim()

    // Refused by the gate: staging has not rehearsed this commit yet.
    const early = await distCli(['promote', '--json'], repo.dir)
    expect(early.code).toBe(1)
    expect(early.stderr).toMatch(/rehearse: promotion refused \(no_rehearsal\)/)
    expect(parsed(early.stdout)).toMatchObject({
      command: 'promote',
      status: 'refused',
      reason: 'no_rehearsal',
      gate: { ok: false },
      stages: []
    })

    const run = await distCli(['run', '--env', 'staging', '--json'], repo.dir)
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('Running')
    expect(parsed(run.stdout)).toMatchObject({
      rehearse: 1,
      command: 'run',
      status: 'success',
      environment: 'staging',
      sha,
      ref: 'main',
      reason: null,
      gate: null,
      stages: [
        { stage: 'deploy', status: 'success' },
        { stage: 'smoke', status: 'success' }
      ]
    })

    const noop = await distCli(['promote', '--noop', '--json'], repo.dir)
    expect(noop.code).toBe(0)
    expect(noop.stderr).toContain('Checking (noop) the promotion of')
    const checked = parsed(noop.stdout)
    expect(checked).toMatchObject({
      command: 'promote',
      status: 'noop',
      environment: 'production',
      from: 'staging',
      gate: { ok: true }
    })
    // Nothing ran or was recorded in production.
    const none = await distCli(['history', 'production', '--json'], repo.dir)
    expect(parsed(none.stdout)).toMatchObject({
      command: 'history',
      environment: 'production',
      deployments: [],
      more: false
    })

    const promote = await distCli(['promote', '--json'], repo.dir)
    expect(promote.code).toBe(0)
    expect(parsed(promote.stdout)).toMatchObject({
      status: 'success',
      environment: 'production',
      gate: { ok: true },
      rollback: null
    })

    const status = await distCli(['status', '--json'], repo.dir)
    expect(status.stderr).toBe('')
    const document = parsed(status.stdout)
    expect(document).toMatchObject({ command: 'status', head: sha, locks: [] })
    expect(document['environments']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          environment: 'production',
          serving: expect.objectContaining({ sha, state: 'success' })
        })
      ])
    )

    const history = await distCli(
      ['history', 'staging', '--limit', '1', '--json'],
      repo.dir
    )
    expect(parsed(history.stdout)).toMatchObject({
      deployments: [{ sha, result: 'success' }],
      more: false
    })

    // An error is a document too, and still the one line on stderr.
    const wrong = await distCli(['run', '--env', 'qa', '--json'], repo.dir)
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/^rehearse: .*environment "qa" is not defined/)
    expect(parsed(wrong.stdout)).toMatchObject({
      command: 'run',
      status: 'error',
      message: expect.stringContaining('"qa"')
    })
  })

  it('plain output with NO_COLOR, without a terminal and with TERM set: no escape sequences', async () => {
    repo = await appRepo()
    const environments: Record<string, string>[] = [
      { NO_COLOR: '1' },
      { TERM: 'xterm-256color', FORCE_COLOR: '1' }
    ]
    for (const env of environments) {
      const run = await distCli(['run', '--env', 'staging'], repo.dir, env)
      expect(run.code).toBe(0)
      expect(`${run.stdout}${run.stderr}`).not.toMatch(ANSI)
      const status = await distCli(['status'], repo.dir, env)
      expect(status.stdout).not.toMatch(ANSI)
    }
  })

  it('says flags, not action inputs, when the plan is missing and in its help', async () => {
    repo = await createGitRepo()
    await repo.commit({ files: { README: 'app\n' }, message: 'app' })
    const missing = await distCli(['run', '--env', 'staging'], repo.dir)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(
      /^rehearse: \.github\/rehearse\.yml: no such file.* --config <file>\..*\n$/
    )
    expect(missing.stderr).not.toMatch(/\binput\b/)
    const help = await distCli(['run', '--help'], repo.dir)
    expect(help.stdout).toContain('migrations, the deploy steps')
    expect(help.stdout).not.toMatch(/\binput\b/)
  })

  it('shows a failed PostgreSQL migration and lint findings with file and line', async () => {
    repo = await appRepo(
      { 'db/migrations/V1__create.sql': 'create table visits (id int);\n' },
      'migrations: { tool: sql, dir: db/migrations }\n'
    )
    const first = await distCli(['run', '--env', 'staging'], repo.dir)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)

    await repo.commit({
      files: {
        'db/migrations/V2__typo.sql':
          '-- Release 2\n\nalter table visits add column v text;\nalter table visit add column w text;\n'
      },
      message: 'typo'
    })
    const typo = await distCli(['run', '--env', 'staging'], repo.dir)
    expect(typo.code).toBe(1)
    expect(typo.stdout).toContain(
      '  ✗ db/migrations/V2__typo.sql:4: relation "visit" does not exist (42P01)\n      alter table visit add column w text\n'
    )

    await repo.commit({
      files: {
        'db/migrations/V2__typo.sql':
          'alter table visits add column v text;\n\nalter table visits drop column id;\n'
      },
      message: 'drop'
    })
    const lint = await distCli(['run', '--env', 'staging'], repo.dir)
    expect(lint.stdout).toMatch(
      /^ {2}! db\/migrations\/V2__typo\.sql:3 \[drop-column\] drops column id of visits: .*\(warning\)$/m
    )
  })

  it('shows the wait for a healthy app: attempt, time waited and the deadline', async () => {
    const down = await startApp(503)
    closers.push(down.close)
    repo = await createGitRepo()
    await repo.commit({
      files: {
        [PLAN]: planFor(down.url, 'https://www.example.com').replace(
          'smoke:\n',
          'smoke:\n  wait-for-healthy: { deadline-seconds: 2, initial-backoff-ms: 200 }\n'
        ),
        '.gitignore': '.rehearse/\n'
      },
      message: 'down'
    })
    const run = await distCli(['run', '--env', 'staging'], repo.dir)
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /^ {4}home: attempt 1 failed \(.*503.*\), \d+\.\d s of the 2 s wait-for-healthy deadline; retrying in \d+\.\d s$/m
    )
    expect(run.stdout).toMatch(/home: not healthy after \d+ attempt\(s\)/)
  })
})

// The README documents what --json prints: keep the two in step.
describe('the --json documentation', () => {
  it('names every top-level field run and promote print', () => {
    const readme = readFileSync(
      join(import.meta.dirname, '..', 'README.md'),
      'utf8'
    )
    for (const field of [
      'command',
      'status',
      'environment',
      'from',
      'sha',
      'ref',
      'fingerprint',
      'reason',
      'message',
      'url',
      'deployment',
      'stages',
      'gate',
      'rollback'
    ]) {
      expect(readme).toContain(`"${field}":`)
    }
  })
})
