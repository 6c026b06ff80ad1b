import { afterAll, describe, expect, it } from '@jest/globals'
import { computeFingerprint } from '../../src/fingerprint/compute-fingerprint.js'
import {
  baseFiles,
  basePlan,
  fingerprintAfter,
  loadFrom,
  removeWorkspaces
} from './plan-workspace.js'
import type { Edit } from './plan-workspace.js'

afterAll(removeWorkspaces)

const base = () => fingerprintAfter(() => undefined)

describe('computeFingerprint stays the same', () => {
  it('gives a full sha256 value and a short hash per part', () => {
    const fingerprint = base()
    expect(fingerprint.value).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(Object.keys(fingerprint.parts).sort()).toEqual([
      'artifact',
      'migrations',
      'scripts',
      'steps',
      'strategy',
      'variables'
    ])
    for (const hash of Object.values(fingerprint.parts)) {
      expect(hash).toMatch(/^[0-9a-f]{12}$/)
    }
  })

  it('for staging and production of one plan, whose values differ', () => {
    expect(fingerprintAfter(() => undefined, 'production')).toEqual(base())
  })

  it.each<[string, Edit]>([
    [
      'a variable value changes',
      plan => {
        plan.environments.staging.env.API_URL =
          'https://api2.staging.example.com'
      }
    ],
    [
      'the url changes',
      plan => {
        plan.environments.staging.url = 'https://preview.example.com'
      }
    ],
    [
      'requires and soak-minutes change',
      plan => {
        plan.environments.staging.requires = ['production']
        delete plan.environments.production.requires
        plan.environments.staging['soak-minutes'] = 5
      }
    ],
    [
      'the environment is marked transient',
      plan => {
        plan.environments.staging.transient = true
      }
    ],
    [
      'a declared variable is added to one environment only',
      plan => {
        plan.parity['allow-differences'].push('FEATURE_X')
        plan.environments.staging.env.FEATURE_X = 'on'
      }
    ],
    [
      'a declared variable is removed from one environment',
      plan => {
        delete plan.environments.staging.env.REPLICAS
      }
    ],
    [
      'a file that no step names changes',
      (_plan, files) => {
        files['README.md'] = 'edited\n'
      }
    ],
    [
      'keys are written in another order',
      plan => {
        const reversed = <T extends object>(value: T): T =>
          Object.fromEntries(Object.entries(value).reverse()) as T
        plan.environments.staging = reversed(plan.environments.staging)
        plan.environments.staging.env = reversed(plan.environments.staging.env)
        plan.deploy[0] = reversed(plan.deploy[0])
      }
    ]
  ])('when %s', (_title, edit) => {
    expect(fingerprintAfter(edit)).toEqual(base())
  })

  it('wherever the repository is checked out', () => {
    const first = loadFrom(basePlan(), baseFiles)
    const second = loadFrom(basePlan(), baseFiles)
    expect(first.workspace).not.toBe(second.workspace)
    expect(
      computeFingerprint(second.plan, 'staging', second.workspace)
    ).toEqual(computeFingerprint(first.plan, 'staging', first.workspace))
  })

  it('for YAML written in any key order', () => {
    const forward = [
      'version: 1',
      'deploy:',
      '  - { name: Go, run: ./deploy/apply.sh, env: { A: "1", B: "2" } }',
      'strategy: { type: canary, steps: [50, 100], auto-rollback: true }',
      'environments:',
      '  staging: { url: https://s.example.com, env: { X: "1", Y: "2" } }'
    ].join('\n')
    const backward = [
      'environments:',
      '  staging: { env: { Y: "2", X: "1" }, url: https://s.example.com }',
      'strategy: { auto-rollback: true, steps: [50, 100], type: canary }',
      'deploy:',
      '  - { env: { B: "2", A: "1" }, run: ./deploy/apply.sh, name: Go }',
      'version: 1'
    ].join('\n')
    const a = loadFrom(forward, baseFiles)
    const b = loadFrom(backward, baseFiles)
    expect(computeFingerprint(b.plan, 'staging', b.workspace)).toEqual(
      computeFingerprint(a.plan, 'staging', a.workspace)
    )
  })

  it('when a step names a path-like word that is no file (an image name)', () => {
    const fingerprint = fingerprintAfter(plan => {
      plan.deploy[1].run = 'docker pull acme/shop && bash scripts/notify.sh'
    })
    expect(
      Object.keys(fingerprint.details).filter(key => key.startsWith('scripts:'))
    ).toEqual([
      'scripts:deploy/apply.sh',
      'scripts:scripts/notify.sh',
      'scripts:deploy/rollback.sh'
    ])
    expect(fingerprint.parts.scripts).toBe(base().parts.scripts)
  })
})
