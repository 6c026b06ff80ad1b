import { afterAll, describe, expect, it } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { computeFingerprint } from '../../src/fingerprint/compute-fingerprint.js'
import { diffFingerprints } from '../../src/fingerprint/diff-fingerprints.js'
import {
  fingerprintAfter,
  loadEdited,
  removeWorkspaces
} from './plan-workspace.js'
import type { Edit } from './plan-workspace.js'

afterAll(removeWorkspaces)

const base = () => fingerprintAfter(() => undefined)

describe('computeFingerprint changes', () => {
  it.each<[string, Edit, string[]]>([
    [
      'a step is renamed',
      plan => {
        plan.deploy[0].name = 'Apply'
      },
      ['steps']
    ],
    [
      'a step runs another command line',
      plan => {
        plan.deploy[0].run = './deploy/apply.sh --wait'
      },
      ['steps']
    ],
    [
      'a step timeout changes',
      plan => {
        plan.deploy[0]['timeout-minutes'] = 20
      },
      ['steps']
    ],
    [
      'a step env value changes',
      plan => {
        plan.deploy[0].env.MODE = 'recreate'
      },
      ['steps']
    ],
    [
      'a step env name is added',
      plan => {
        plan.deploy[0].env.DRY = 'false'
      },
      ['steps']
    ],
    [
      'a step is added',
      plan => {
        plan.deploy.push({ run: 'echo done' })
      },
      ['steps']
    ],
    [
      'steps are reordered',
      plan => {
        plan.deploy.reverse()
      },
      ['steps']
    ],
    [
      'a rollback step changes',
      plan => {
        plan.rollback[0].run = './deploy/rollback.sh --now'
      },
      ['steps']
    ],
    [
      'the strategy type changes',
      plan => {
        plan.strategy = { type: 'blue-green' }
      },
      ['strategy']
    ],
    [
      'the canary steps change',
      plan => {
        plan.strategy = { type: 'canary', steps: [10, 50, 100] }
      },
      ['strategy']
    ],
    [
      'a script file changes',
      (_plan, files) => {
        files['deploy/apply.sh'] += 'echo extra\n'
      },
      ['scripts']
    ],
    [
      'a rollback script changes',
      (_plan, files) => {
        files['deploy/rollback.sh'] += '# note\n'
      },
      ['scripts']
    ],
    [
      'a step names one more script',
      (plan, files) => {
        files['deploy/verify.sh'] = 'exit 0\n'
        plan.deploy.push({ run: './deploy/verify.sh' })
      },
      ['steps', 'scripts']
    ],
    [
      'the artifact reference changes',
      plan => {
        plan.artifact = 'ghcr.io/acme/shop:v${{ sha }}'
      },
      ['artifact']
    ],
    [
      'the artifact is removed',
      plan => {
        delete plan.artifact
      },
      ['artifact']
    ],
    [
      'a variable name is added',
      plan => {
        plan.environments.staging.env.LOG_LEVEL = 'debug'
      },
      ['variables']
    ],
    [
      'a variable name is removed',
      plan => {
        delete plan.environments.staging.env.API_URL
      },
      ['variables']
    ],
    [
      'a variable is renamed',
      plan => {
        const env = plan.environments.staging.env
        env.BACKEND_URL = env.API_URL ?? ''
        delete env.API_URL
      },
      ['variables']
    ]
  ])('when %s', (_title, edit, parts) => {
    const changed = fingerprintAfter(edit)
    expect(changed.value).not.toBe(base().value)
    expect(diffFingerprints(base(), changed)).toEqual(parts)
  })

  it('with the migrations checksum, and treats none as empty', () => {
    const none = fingerprintAfter(() => undefined, 'staging', {})
    const empty = fingerprintAfter(() => undefined, 'staging', {
      migrations: ''
    })
    const some = fingerprintAfter(() => undefined, 'staging', {
      migrations: 'abc'
    })
    expect(empty).toEqual(none)
    expect(diffFingerprints(none, some)).toEqual(['migrations'])
  })

  it('when a script changes between two calls (read at call time)', () => {
    const { plan, workspace } = loadEdited()
    const before = computeFingerprint(plan, 'staging', workspace)
    writeFileSync(join(workspace, 'scripts/notify.sh'), 'echo changed\n')
    const after = computeFingerprint(plan, 'staging', workspace)
    expect(diffFingerprints(before, after)).toEqual(['scripts'])
  })

  it('when one environment has an undeclared variable the other lacks', () => {
    const changed = fingerprintAfter(plan => {
      plan.environments.production.env.FEATURE_X = 'on'
    }, 'production')
    expect(diffFingerprints(base(), changed)).toEqual(['variables'])
  })

  it('never silently: an unknown environment is refused with the known ones', () => {
    const { plan, workspace } = loadEdited()
    expect(() => computeFingerprint(plan, 'prod', workspace)).toThrow(
      '.github/rehearse.yml: environment "prod" is not defined (known: staging, production)'
    )
  })
})
