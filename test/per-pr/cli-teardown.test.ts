import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { chmod, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createGitRepo } from '@rehearse/bench'
import type { GitRepo } from '@rehearse/bench'
import { root } from '../actions/pipeline-fixture.js'

// The local CLI, as bundled in dist/cli: `rehearse run --pr` deploys a
// pull request's own environment; `rehearse teardown` removes exactly one.

const PLAN = `version: 1
deploy:
  - name: Deploy
    run: ./deploy.sh
teardown:
  - name: Remove
    run: ./teardown.sh
environments:
  staging:
    url: https://staging.example.com
  preview:
    per-pr: true
    url: https://pr-\${{ pr }}.preview.example.com
  production:
    url: https://shop.example.com
    requires: [staging]
`

let repo: GitRepo

function rehearse(...args: string[]) {
  const child = spawn(
    process.execPath,
    [join(root, 'dist', 'cli', 'index.js'), ...args],
    { cwd: repo.dir, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  return new Promise<{ code: number | null; stdout: string; stderr: string }>(
    resolve => child.once('close', code => resolve({ code, stdout, stderr }))
  )
}

const teardowns = async () =>
  (await readFile(join(repo.dir, 'teardown.log'), 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)

beforeAll(async () => {
  repo = await createGitRepo()
  await repo.commit({
    files: {
      '.github/rehearse.yml': PLAN,
      'deploy.sh': '#!/usr/bin/env bash\necho "deploying $REHEARSE_URL"\n',
      'teardown.sh':
        '#!/usr/bin/env bash\necho "$REHEARSE_ENVIRONMENT $REHEARSE_URL" >> teardown.log\n',
      '.gitignore': '.rehearse/\nteardown.log\n'
    },
    message: 'plan'
  })
  await chmod(join(repo.dir, 'deploy.sh'), 0o755)
  await chmod(join(repo.dir, 'teardown.sh'), 0o755)
  await repo.git('add', '-A')
  await repo.git('commit', '-q', '--amend', '--no-edit')
})
afterAll(() => repo.dispose())

describe('rehearse and per-PR environments', () => {
  it('runs a pull request’s own environment with --pr, or by its name', async () => {
    const one = await rehearse('run', '--env', 'preview', '--pr', '1')
    expect(one.code).toBe(0)
    expect(one.stdout).toContain('in preview/pr-1 with')
    expect(one.stdout).toContain('deploying https://pr-1.preview.example.com')
    const two = await rehearse('run', '--env', 'preview/pr-2')
    expect(two.code).toBe(0)
    const status = await rehearse('status')
    expect(status.stdout).toContain('preview/pr-1')
    expect(status.stdout).toContain('preview/pr-2')
  })

  it('tears down exactly one: its steps once, then status no longer lists it', async () => {
    const down = await rehearse('teardown', 'preview', '--pr', '1')
    expect(down.code).toBe(0)
    expect(down.stdout).toMatch(/Torn down at .*: 1 deployment\(s\) inactive/)
    expect(await teardowns()).toEqual([
      'preview/pr-1 https://pr-1.preview.example.com'
    ])
    const status = await rehearse('status')
    expect(status.stdout).not.toContain('preview/pr-1')
    expect(status.stdout).toContain('preview/pr-2')
    const ledger = JSON.parse(
      await readFile(join(repo.dir, '.rehearse', 'ledger.json'), 'utf8')
    ) as {
      deployments: { environment: string; history: { state: string }[] }[]
    }
    const last = (environment: string) =>
      ledger.deployments
        .filter(d => d.environment === environment)
        .map(d => d.history.at(-1)?.state)
    expect(last('preview/pr-1')).toEqual(['inactive'])
    expect(last('preview/pr-2')).toEqual(['success'])

    const again = await rehearse('teardown', 'preview/pr-1')
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Nothing to tear down')
    expect(await teardowns()).toHaveLength(1)
  })

  it.each([
    [['teardown', 'staging'], 1, '[not_per_pr]'],
    [['teardown', 'preview'], 1, '--pr <number>'],
    [['run', '--env', 'preview'], 1, '--pr <number>'],
    [
      ['teardown', 'preview', '--pr', 'x'],
      2,
      'option --pr takes a pull request number'
    ]
  ])('refuses %j', async (args, code, message) => {
    const result = await rehearse(...args)
    expect(result.code).toBe(code)
    expect(result.stderr).toContain(message)
  })
})
