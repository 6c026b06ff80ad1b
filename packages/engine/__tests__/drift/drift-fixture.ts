import { expect } from '@jest/globals'
import { checkDrift } from '../../src/drift/check-drift.js'
import type { DriftRow } from '../../src/drift/types.js'
import { runEnvironment } from '../../src/pipeline/run-environment.js'
import { memoryDeps, planOf } from '../pipeline/pipeline-fixture.js'

// The drift check over the in-memory ledger, after real pipeline runs.

export const sha = (n: number): string => String(n).repeat(40)

/** A plan whose production has one more variable than staging. */
export const plan = ({
  declared = ['CDN_URL', 'LOG_LEVEL'],
  extra = ''
} = {}) => `version: 1
deploy:
  - run: ./deploy.sh
facts:
  database-version:
    run: psql -tAc 'show server_version'
environments:
  staging:
    url: https://staging.example.com
    env: { LOG_LEVEL: debug }
  production:
    url: https://example.com
    env: { LOG_LEVEL: info, CDN_URL: https://cdn.example.com }
    requires: [staging]
parity:
  allow-differences: [${declared.join(', ')}]
${extra}`

export type Deps = ReturnType<typeof memoryDeps>

/** Deps whose `psql` answers each environment's database version. */
export function depsWith(versions: Record<string, string | number>): Deps {
  return memoryDeps({
    answer: (command, env) => {
      if (!command.startsWith('psql')) return {}
      const version = versions[env.REHEARSE_ENVIRONMENT ?? '']
      return typeof version === 'number'
        ? { exitCode: version, output: 'psql: connection refused\n' }
        : { output: `notice: connected\n${version}\n\n` }
    }
  })
}

export async function deploy(
  deps: Deps,
  environment: string,
  n: number,
  text = plan()
) {
  const loaded = planOf(text, environment) as ReturnType<typeof planOf> & {
    workspace: string
  }
  const outcome = await runEnvironment(
    {
      plan: loaded,
      environment,
      workspace: loaded.workspace,
      sha: sha(n),
      ref: 'main',
      stages: { deploy: true }
    },
    { ...deps, source: { ...deps.source, headSha: async () => sha(n) } }
  )
  expect(outcome.message).toBeUndefined()
}

export function check(deps: Deps, text = plan()) {
  const loaded = planOf(text) as ReturnType<typeof planOf> & {
    workspace: string
  }
  return checkDrift(loaded, loaded.workspace, deps)
}

export const row = (rows: readonly DriftRow[], name: string) =>
  rows.find(r => r.name === name)
