import { afterAll, describe, expect, it } from '@jest/globals'
import { isConfigurationError } from '@rehearse/core'
import { checkBoundary } from '../../src/boundary/check-boundary.js'
import {
  assertWithinBoundary,
  describeBoundaryViolations
} from '../../src/boundary/describe-boundary.js'
import { loadEdited, removeWorkspaces } from '../fingerprint/plan-workspace.js'
import type { Edit } from '../fingerprint/plan-workspace.js'

afterAll(removeWorkspaces)

const planWith = (edit: Edit) => loadEdited(edit).plan

describe('describeBoundaryViolations', () => {
  it('says where, which host, whence, and what to do, one line each', () => {
    const plan = planWith(raw => {
      raw.environments.staging.env.API_URL = 'https://api.example.com'
      raw.deploy[1].run = 'curl https://example.com/ping'
    })
    expect(
      describeBoundaryViolations(plan.file, checkBoundary(plan, 'staging'))
    ).toBe(
      [
        '.github/rehearse.yml: environments.staging.env.API_URL mentions production host "api.example.com" (from environments.production.env.API_URL); a staging run must not reach production. Point it at a staging host.',
        '.github/rehearse.yml: deploy[1].run mentions production host "example.com" (from environments.production.url); a staging run must not reach production. Steps are the same in every environment: read the host from a variable (the environment\'s env, or REHEARSE_URL) instead of writing it in the step.'
      ].join('\n')
    )
  })
})

describe('assertWithinBoundary', () => {
  it('refuses with reason boundary_violation, and passes a clean run', () => {
    const bad = planWith(raw => {
      raw.environments.staging.env.API_URL = 'https://api.example.com'
    })
    let caught: unknown
    try {
      assertWithinBoundary(bad, 'staging')
    } catch (error) {
      caught = error
    }
    expect(isConfigurationError(caught) && caught.reason).toBe(
      'boundary_violation'
    )
    expect(() =>
      assertWithinBoundary(
        planWith(() => undefined),
        'staging'
      )
    ).not.toThrow()
  })
})
