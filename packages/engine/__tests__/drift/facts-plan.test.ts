import { afterAll, describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import { computeFingerprint } from '../../src/fingerprint/compute-fingerprint.js'
import { everyStep } from '../../src/plan/every-step.js'
import { loadPlan } from '../../src/plan/load-plan.js'
import { makeWorkspace, PLAN } from '../plan/plan-fixture.js'

const workspaces: string[] = []
afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true })
})

const SCRIPTS = {
  'deploy.sh': '#!/bin/sh\necho deploy\n',
  'facts/db-version.sh': '#!/bin/sh\necho 16.2\n'
}

const text = (facts: string, declared = '[REPLICAS]') => `version: 1
deploy:
  - run: ./deploy.sh
facts:
${facts}
environments:
  staging: { url: https://staging.example.com, env: { REPLICAS: "1" } }
  production:
    url: https://example.com
    env: { REPLICAS: "6" }
    requires: [staging]
parity:
  allow-differences: ${declared}
`

function load(plan: string, files: Record<string, string> = SCRIPTS) {
  const workspace = makeWorkspace({ [PLAN]: plan, ...files })
  workspaces.push(workspace)
  return {
    workspace,
    plan: loadPlan({ workspace, file: PLAN, environment: 'staging' })
  }
}

function refusal(plan: string): { message: string; reason?: string } {
  try {
    load(plan)
  } catch (error) {
    return error as { message: string; reason?: string }
  }
  throw new Error('expected the plan to be refused')
}

describe('facts in the plan', () => {
  it('are normalized to named commands with a short default timeout', () => {
    const { plan } = load(
      text(`  database-version:
    run: ./facts/db-version.sh
  replicas:
    run: kubectl get deploy shop -o jsonpath='{.spec.replicas}'
    timeout-minutes: 1`)
    )
    expect(plan.facts).toEqual([
      {
        name: 'database-version',
        run: './facts/db-version.sh',
        timeoutMinutes: 2,
        env: {}
      },
      {
        name: 'replicas',
        run: "kubectl get deploy shop -o jsonpath='{.spec.replicas}'",
        timeoutMinutes: 1,
        env: {}
      }
    ])
    expect(everyStep(plan).filter(s => s.list === 'facts')).toHaveLength(2)
  })

  it('may be named in parity.allow-differences beside variables', () => {
    const { plan } = load(
      text(
        '  db-version: { run: ./facts/db-version.sh }',
        '[REPLICAS, db-version]'
      )
    )
    expect(plan.parity.allowDifferences).toEqual(['REPLICAS', 'db-version'])
  })

  it('refuses a fact name that is not a plain word', () => {
    expect(
      refusal(text('  "db version": { run: ./facts/db-version.sh }'))
    ).toMatchObject({ reason: 'invalid_plan' })
  })

  it('refuses a fact command run from outside the repository', () => {
    const problem = refusal(
      text('  db-version: { run: /usr/local/bin/db-version }')
    )
    expect(problem.reason).toBe('path_outside_repository')
    expect(problem.message).toContain('facts.db-version.run')
  })

  it('refuses a fact script missing from the repository', () => {
    expect(
      refusal(text('  db-version: { run: ./facts/missing.sh }')).message
    ).toContain('script "facts/missing.sh" not found in the repository')
  })

  it('keep their scripts out of the fingerprint: they are no part of a release', () => {
    const plan = text('  db-version: { run: ./facts/db-version.sh }')
    const before = load(plan)
    const after = load(plan, {
      ...SCRIPTS,
      'facts/db-version.sh': '#!/bin/sh\necho 17.0\n'
    })
    const print = ({ plan, workspace }: ReturnType<typeof load>) =>
      computeFingerprint(plan, 'staging', workspace).value
    expect(print(after)).toBe(print(before))
  })
})
