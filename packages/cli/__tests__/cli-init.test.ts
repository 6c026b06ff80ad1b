import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createGitRepo } from '@rehearse/bench'
import type { GitRepo } from '@rehearse/bench'
import { loadPlan } from '@rehearse/engine'
import { distCli, lintWorkflows, startApp } from './support/dist-cli.js'

// `rehearse init` as a newcomer meets it, through the bundle (dist/cli):
// what it writes loads, lints and runs; a second run changes nothing.

const PLAN = '.github/rehearse.yml'
const WORKFLOWS = '.github/workflows'

let repo: GitRepo | undefined
const closers: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const close of closers.splice(0)) await close()
  await repo?.dispose()
  repo = undefined
})

/** Every file under `dir` (but .git) with its text, for before/after. */
function snapshot(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {}
  for (const name of readdirSync(join(dir, prefix))) {
    if (name === '.git') continue
    const path = prefix ? `${prefix}/${name}` : name
    if (statSync(join(dir, path)).isDirectory()) {
      Object.assign(files, snapshot(dir, path))
    } else files[path] = readFileSync(join(dir, path), 'utf8')
  }
  return files
}

async function lintWritten(dir: string): Promise<string[]> {
  const files = readdirSync(join(dir, WORKFLOWS)).map(
    name => `${WORKFLOWS}/${name}`
  )
  expect(files).toHaveLength(2)
  return lintWorkflows(dir, files)
}

const APP_PACKAGE = JSON.stringify(
  {
    name: '@acme/Shop',
    scripts: {
      build: 'tsc',
      migrate: 'node db/migrate.js',
      deploy: './deploy.sh',
      start: 'node server.js'
    },
    dependencies: { express: '^5.0.0' }
  },
  null,
  2
)

describe('rehearse init', () => {
  it('writes a plan that loads and workflows that lint from package.json scripts, a Dockerfile and migrations; refuses a second time; --force replaces', async () => {
    repo = await createGitRepo()
    await repo.commit({
      files: {
        'package.json': APP_PACKAGE,
        'package-lock.json': '{}',
        Dockerfile: 'FROM node:22\n',
        'migrations/V1__create.sql': 'create table t (id int);\n',
        '.gitignore': 'node_modules\n'
      },
      message: 'app'
    })
    const first = await distCli(['init'], repo.dir)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(
      'Found: package.json scripts build, migrate, deploy, start; a Dockerfile; migrations.'
    )
    expect(first.stdout).toMatch(
      /Next: .*\n {2}git add .*\n {2}rehearse run --env staging\n {2}rehearse promote\n$/
    )

    const plan = readFileSync(join(repo.dir, PLAN), 'utf8')
    expect(plan.split('\n')[0]).toMatch(
      /^# yaml-language-server: \$schema=https:\/\//
    )
    expect(plan).toContain('run: npm ci --no-audit --no-fund')
    expect(plan).toContain('run: npm run build')
    expect(plan).toContain('docker build -t "$REHEARSE_ARTIFACT" .')
    expect(plan).toContain('run: npm run deploy')
    expect(plan).toContain('up: npm run migrate')
    expect(plan).toContain('artifact: acme/shop:${{ sha }}')
    for (const environment of ['staging', 'production']) {
      const loaded = loadPlan({ workspace: repo.dir, file: PLAN, environment })
      expect(loaded.environments[environment]).toBeDefined()
    }
    expect(await lintWritten(repo.dir)).toEqual([])
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe(
      'node_modules\n# rehearse: the local ledger, locks and databases\n.rehearse/\n'
    )

    // The plan and the workflows may hold someone's edits by now.
    writeFileSync(join(repo.dir, PLAN), `${plan}# edited\n`)
    const before = snapshot(repo.dir)
    const second = await distCli(['init'], repo.dir)
    expect(second.code).toBe(1)
    expect(second.stdout).toBe('')
    expect(second.stderr).toBe(
      `rehearse: ${PLAN}, ${WORKFLOWS}/staging-to-production.yml, ${WORKFLOWS}/pr-redeploy.yml already exist: rehearse init writes nothing over them. Move them aside, or run rehearse init --force to replace them. [init_refused]\n`
    )
    expect(snapshot(repo.dir)).toEqual(before)

    const forced = await distCli(['init', '--force'], repo.dir)
    expect(forced.stderr).toBe('')
    expect(forced.code).toBe(0)
    expect(readFileSync(join(repo.dir, PLAN), 'utf8')).toBe(plan)
    // .rehearse/ was already ignored: not a second time.
    expect(forced.stdout).not.toMatch(/^ {2}\.gitignore/m)
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe(
      before['.gitignore']
    )
  })

  it('in an empty Node app: init, the URLs, then rehearse run --env staging and rehearse promote succeed', async () => {
    repo = await createGitRepo()
    await repo.commit({
      files: { 'package.json': '{ "name": "empty-app" }\n' },
      message: 'app'
    })
    const init = await distCli(['init'], repo.dir)
    expect(init.stderr).toBe('')
    expect(init.code).toBe(0)
    expect(await lintWritten(repo.dir)).toEqual([])

    // Before the URLs are in, a run says so at once (example.com would
    // only time out), naming the file, the key and the fix.
    await repo.commit({ message: 'Deploy with Rehearse (no URLs yet)' })
    const early = await distCli(['run', '--env', 'staging'], repo.dir)
    expect(early.code).toBe(1)
    expect(early.stdout).toBe('')
    expect(early.stderr).toBe(
      'rehearse: .github/rehearse.yml: environments.staging.url is still the placeholder rehearse init wrote (https://staging.replace-me.example). Put your staging URL there, commit it, then run the command again. [no_url]\n'
    )

    // The one edit the README asks for: the two URLs.
    const staging = await startApp()
    const production = await startApp()
    closers.push(staging.close, production.close)
    const plan = readFileSync(join(repo.dir, PLAN), 'utf8')
      .replace('https://staging.replace-me.example', staging.url)
      .replace('https://www.replace-me.example', production.url)
    expect(plan).toContain(staging.url)
    expect(plan).toContain(production.url)
    await repo.commit({
      files: { [PLAN]: plan },
      message: 'Deploy with Rehearse'
    })
    expect(await repo.git('status', '--porcelain')).toBe('')

    const run = await distCli(['run', '--env', 'staging'], repo.dir)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('✓ smoke in staging: 1 checks passed')

    const promote = await distCli(['promote'], repo.dir)
    expect(promote.stderr).toBe('')
    expect(promote.code).toBe(0)
    expect(promote.stdout).toContain('Gate to production: open')
    expect(promote.stdout).toContain('✓ smoke in production: 1 checks passed')
    // The ledger stays out of the commit: init ignored it.
    expect(await repo.git('status', '--porcelain')).toBe('')
  })
})
