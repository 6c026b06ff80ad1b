import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { chmod } from 'node:fs/promises'
import { join } from 'node:path'
import { createGitRepo } from '@rehearse/bench'
import type { GitRepo } from '@rehearse/bench'
import { finished } from '../../packages/cli/__tests__/support/spawn-ts.js'
import type { Finished } from '../../packages/cli/__tests__/support/spawn-ts.js'
import { root, SCRIPTS } from '../actions/pipeline-fixture.js'
import { driftPlan, FACT_SCRIPT, factsDir } from './drift-fixture.js'
import type { FactsDir } from './drift-fixture.js'

// `rehearse drift` from the CLI bundle, after `rehearse run` and
// `rehearse promote` recorded both environments in the local ledger.

const CLI = join(root, 'dist', 'cli', 'index.js')

let repo: GitRepo
let facts: FactsDir

function rehearse(args: readonly string[]): Promise<Finished> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: repo.dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      FACTS_DIR: facts.dir
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  return finished(child)
}

beforeEach(async () => {
  facts = factsDir()
  facts.set({ staging: '16.2', production: '16.2' })
  repo = await createGitRepo()
  await repo.commit({
    files: {
      '.github/rehearse.yml': driftPlan(['REPLICAS', 'CDN_URL']),
      'facts/database-version.sh': FACT_SCRIPT,
      '.gitignore': '.rehearse/\n',
      ...SCRIPTS
    },
    message: 'plan'
  })
  for (const script of Object.keys(SCRIPTS))
    await chmod(join(repo.dir, script), 0o755)
  await repo.commit({ files: {}, message: 'executable' })
  expect((await rehearse(['run', '--env', 'staging'])).code).toBe(0)
  expect((await rehearse(['promote'])).code).toBe(0)
})

afterEach(async () => {
  await repo.dispose()
  facts.remove()
})

describe('rehearse drift', () => {
  it('prints the comparison and exits 0 when nothing drifts', async () => {
    const result = await rehearse(['drift'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Fact "database-version" in staging: 16.2')
    expect(result.stdout).toMatch(
      /staging → production\n +STAGING +PRODUCTION +STATUS\n/
    )
    expect(result.stdout).toMatch(/^release +\w{7} +\w{7} +same$/m)
    expect(result.stdout).toMatch(
      /^CDN_URL +\(absent\) +set +declared difference$/m
    )
    expect(result.stdout).toMatch(
      /^fact database-version +16\.2 +16\.2 +same$/m
    )
    expect(result.stdout).toContain(
      'No drift: every difference is a release awaiting promotion or declared in parity.allow-differences (.github/rehearse.yml).'
    )
  })

  it('exits 1 and names what drifts when a fact differs only in production', async () => {
    facts.set({ production: '15.4' })
    const result = await rehearse(['drift'])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /^fact database-version +16\.2 +15\.4 +DRIFT$/m
    )
    expect(result.stdout).toContain(
      [
        'Drift: 1 undeclared difference',
        '  staging → production: fact database-version',
        'Bring the environments back in line, or declare an intended difference of a variable or fact in parity.allow-differences in .github/rehearse.yml.'
      ].join('\n')
    )
    expect(result.stderr).toBe('')
  })

  it('reports a variable name only production has once it is not declared', async () => {
    await repo.commit({
      files: { '.github/rehearse.yml': driftPlan(['REPLICAS']) },
      message: 'undeclare CDN_URL'
    })
    const result = await rehearse(['drift'])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /^CDN_URL +\(absent\) +set +DRIFT: only in production$/m
    )
  })

  it('reads another plan with --config and explains a missing one', async () => {
    const result = await rehearse(['drift', '--config', 'nope.yml'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^rehearse: nope\.yml: no such file/)
    expect((await rehearse(['drift', '--help'])).stdout).toMatch(
      /^Usage: rehearse drift \[--config <file>\]/
    )
  })
})
