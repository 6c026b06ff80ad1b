import { describe, expect, it } from '@jest/globals'
import { runFacts } from '../../src/drift/run-facts.js'
import { createProcessRunner } from '../../src/run/process-runner.js'
import {
  memoryDeps,
  planOf,
  quietReporter
} from '../pipeline/pipeline-fixture.js'

const plan = (facts: string, extra = '') =>
  planOf(`version: 1
deploy:
  - run: ./deploy.sh
${facts ? `facts:\n${facts}` : ''}
environments:
  staging:
    url: https://staging.example.com
    env: { DATABASE_URL: "postgres://app:hunter22@db.staging:5432/app", TIER: small }
  production:
    url: https://example.com
    env: { DATABASE_URL: "postgres://app:s3cret99@db.prod:5432/app", TIER: large }
    requires: [staging]
parity:
  allow-differences: [DATABASE_URL, TIER]
${extra}`) as ReturnType<typeof planOf> & { workspace: string }

/** Real bash processes in the plan's workspace. */
function realDeps(lines: string[] = []) {
  return {
    ...memoryDeps(),
    runner: createProcessRunner({ killGraceMs: 200 }),
    reporter: quietReporter(lines),
    baseEnv: { PATH: process.env.PATH ?? '' }
  }
}

describe('runFacts', () => {
  it('takes the last non-empty line a real command prints, per environment', async () => {
    const loaded = plan(`  tier:
    run: |
      echo "reading the tier of $REHEARSE_ENVIRONMENT"
      printf '%s\\n\\n' "$TIER"`)
    const lines: string[] = []
    const readings = await runFacts(
      loaded,
      ['staging', 'production'],
      loaded.workspace,
      realDeps(lines)
    )
    expect(readings.tier).toEqual({
      staging: {
        fact: 'tier',
        environment: 'staging',
        known: true,
        value: 'small',
        masked: false
      },
      production: {
        fact: 'tier',
        environment: 'production',
        known: true,
        value: 'large',
        masked: false
      }
    })
    expect(lines).toContain('Fact "tier" in production: large')
    // Output is shown only for a fact that cannot be read.
    expect(lines).not.toContain('reading the tier of production')
  })

  it('makes a failing or hanging command an unknown fact, not an error', async () => {
    const loaded = plan(`  broken:
    run: echo "no such table" >&2; exit 3
  slow:
    run: sleep 5
    timeout-minutes: 0.005`)
    const lines: string[] = []
    const readings = await runFacts(
      loaded,
      ['staging'],
      loaded.workspace,
      realDeps(lines)
    )
    expect(readings.broken?.staging).toMatchObject({
      known: false,
      value: 'unknown (exit 3)'
    })
    expect(lines).toContain('no such table')
    expect(readings.slow?.staging).toMatchObject({
      known: false,
      value: 'unknown (timed out)'
    })
  })

  it('hides a value that looks like a credential, never printing it', async () => {
    const loaded = plan(`  database:
    run: echo "$DATABASE_URL"
  password-hint:
    run: 'echo "$DATABASE_URL" | cut -d: -f3 | cut -d@ -f1'`)
    const lines: string[] = []
    const readings = await runFacts(
      loaded,
      ['production'],
      loaded.workspace,
      realDeps(lines)
    )
    expect(readings.database?.production).toMatchObject({ masked: true })
    // The value holds the secret variable's password, though no URL.
    expect(readings['password-hint']?.production).toMatchObject({
      value: 's3cret99',
      masked: true
    })
    expect(lines).toContain('Fact "password-hint" in production: •••')
    expect(lines.join('\n')).not.toContain('s3cret99')
  })

  it('reads nothing when the plan has no facts', async () => {
    const loaded = plan('')
    const deps = realDeps()
    expect(await runFacts(loaded, ['staging'], loaded.workspace, deps)).toEqual(
      {}
    )
  })

  it('refuses facts of a rehearsal environment that name a production host', async () => {
    const loaded = plan(`  version:
    run: curl -s https://example.com/version`)
    await expect(
      runFacts(loaded, ['staging'], loaded.workspace, realDeps())
    ).rejects.toMatchObject({ reason: 'boundary_violation' })
  })
})
