import { afterAll, describe, expect, it } from '@jest/globals'
import { computeFingerprint } from '../../src/fingerprint/compute-fingerprint.js'
import { buildDeploymentPayload } from '../../src/fingerprint/deployment-payload.js'
import {
  diffFingerprints,
  explainFingerprintDifference
} from '../../src/fingerprint/diff-fingerprints.js'
import { loadEdited, removeWorkspaces } from './plan-workspace.js'
import type { Edit } from './plan-workspace.js'

afterAll(removeWorkspaces)

const load = (edit?: Edit) => loadEdited(edit)

describe('explainFingerprintDifference', () => {
  it('names the step, script and variables that changed', () => {
    const before = load()
    const after = load((plan, files) => {
      plan.deploy[1].name = 'Notify'
      plan.deploy.push({ run: 'echo done' })
      files['deploy/apply.sh'] += '# changed\n'
      plan.environments.staging.env.LOG_LEVEL = 'debug'
      delete plan.environments.staging.env.API_URL
      plan.strategy = { type: 'blue-green' }
    })
    const a = computeFingerprint(before.plan, 'staging', before.workspace)
    const b = computeFingerprint(after.plan, 'staging', after.workspace)
    expect(explainFingerprintDifference(a, b)).toEqual([
      {
        part: 'steps',
        added: ['deploy[2]'],
        removed: [],
        changed: ['deploy[1]']
      },
      { part: 'strategy', added: [], removed: [], changed: [] },
      { part: 'scripts', added: [], removed: [], changed: ['deploy/apply.sh'] },
      {
        part: 'variables',
        added: ['LOG_LEVEL'],
        removed: ['API_URL'],
        changed: []
      }
    ])
  })

  it('explains from a stored payload as well as from a fingerprint', () => {
    const before = load()
    const after = load((_plan, files) => {
      files['scripts/notify.sh'] = 'echo other\n'
    })
    const stored = buildDeploymentPayload(
      before.plan,
      'staging',
      computeFingerprint(before.plan, 'staging', before.workspace)
    )
    const now = computeFingerprint(after.plan, 'staging', after.workspace)
    expect(diffFingerprints(stored, now)).toEqual(['scripts'])
    expect(explainFingerprintDifference(stored, now)).toEqual([
      {
        part: 'scripts',
        added: [],
        removed: [],
        changed: ['scripts/notify.sh']
      }
    ])
  })

  it('reports nothing for equal fingerprints', () => {
    const { plan, workspace } = load()
    const fingerprint = computeFingerprint(plan, 'staging', workspace)
    expect(explainFingerprintDifference(fingerprint, fingerprint)).toEqual([])
  })

  it('counts a part missing from an old payload as different', () => {
    const { plan, workspace } = load()
    const fingerprint = computeFingerprint(plan, 'staging', workspace)
    const { migrations: _dropped, ...older } = fingerprint.parts
    expect(diffFingerprints({ parts: older }, fingerprint)).toEqual([
      'migrations'
    ])
  })
})

describe('buildDeploymentPayload', () => {
  it('stores the fingerprint, its parts, a plan summary and variable names', () => {
    const { plan, workspace } = load()
    const fingerprint = computeFingerprint(plan, 'production', workspace)
    const payload = buildDeploymentPayload(plan, 'production', fingerprint)
    expect(payload).toMatchObject({
      rehearse: 1,
      fingerprint: fingerprint.value,
      plan: {
        steps: ['Apply manifests', 'Announce'],
        artifact: 'ghcr.io/acme/shop:${{ sha }}',
        strategy: 'direct'
      },
      variables: ['API_URL', 'REPLICAS']
    })
    expect(payload.parts).toMatchObject(fingerprint.parts)
    expect(payload.parts['scripts:deploy/apply.sh']).toMatch(/^[0-9a-f]{12}$/)
  })

  it('never contains a variable value', () => {
    const { plan, workspace } = load(plan => {
      plan.environments.production.env.API_TOKEN = 'tok-very-secret'
      plan.parity['allow-differences'].push('API_TOKEN')
    })
    const payload = buildDeploymentPayload(
      plan,
      'production',
      computeFingerprint(plan, 'production', workspace)
    )
    const text = JSON.stringify(payload)
    for (const value of ['tok-very-secret', 'api.example.com', '"6"']) {
      expect(text).not.toContain(value)
    }
    expect(payload.variables).toContain('API_TOKEN')
  })
})
