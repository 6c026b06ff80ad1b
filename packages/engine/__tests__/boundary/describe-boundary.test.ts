import { afterAll, describe, expect, it } from '@jest/globals'
import { isConfigurationError } from '@rehearse/core'
import { checkBoundary } from '../../src/boundary/check-boundary.js'
import {
  assertWithinBoundary,
  describeBoundaryViolations
} from '../../src/boundary/describe-boundary.js'
import { planWith, removeWorkspaces } from './boundary-plan.js'

afterAll(removeWorkspaces)

const STEP_ADVICE =
  "Steps are the same in every environment: read the host from a variable (the environment's env, or REHEARSE_URL) instead of writing it in the step."

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
        `.github/rehearse.yml: deploy[1].run mentions production host "example.com" (from environments.production.url); a staging run must not reach production. ${STEP_ADVICE}`
      ].join('\n')
    )
  })

  it('names a reach by its own words and explains loopback ports', () => {
    const plan = planWith(raw => {
      raw.environments.production.env.DATABASE_URL =
        'postgres://shop:prod-pw@127.0.0.1:5432/shop'
    })
    const reach = {
      where: 'database URL (input "database-url")',
      text: 'postgres://shop:staging-pw@localhost/shop'
    }
    expect(
      describeBoundaryViolations(
        plan.file,
        checkBoundary(plan, 'staging', [reach])
      )
    ).toBe(
      '.github/rehearse.yml: database URL (input "database-url") mentions production host "loopback:5432" (from environments.production.env.DATABASE_URL); a staging run must not reach production. Point it at a staging host. On loopback, localhost, 127.0.0.1, [::1] and 0.0.0.0 are one host: only the port tells environments apart, so give staging its own port.'
    )
  })

  it('never prints a password, a user or a URL', () => {
    const plan = planWith(raw => {
      raw.environments.production.env.DATABASE_URL =
        'postgres://admin:Pr0d-Secret@db.prod.example.com:5432/shop'
      raw.environments.staging.env.DATABASE_URL =
        'postgres://admin:St4ging-Secret@db.prod.example.com/shop'
      raw.deploy.push({
        run: 'psql "postgresql://ops:Step-Secret@db.prod.example.com/shop"'
      })
    })
    const reach = {
      where: 'database URL (input "database-url")',
      text: 'postgres://admin:Reach-Secret@db.prod.example.com:5432/shop'
    }
    const violations = checkBoundary(plan, 'staging', [reach])
    expect(violations.map(v => v.where)).toEqual([
      'environments.staging.env.DATABASE_URL',
      'deploy[2].run',
      'database URL (input "database-url")'
    ])
    const text = describeBoundaryViolations(plan.file, violations)
    for (const secret of ['Secret', 'admin', 'ops', 'postgres', '@']) {
      expect(text).not.toContain(secret)
    }
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
    expect(() => assertWithinBoundary(planWith(), 'staging')).not.toThrow()
  })

  it('checks the reaches it is given', () => {
    const plan = planWith()
    const reach = {
      where: 'smoke URL (input "url")',
      text: 'https://example.com'
    }
    expect(() => assertWithinBoundary(plan, 'staging', [reach])).toThrow(
      'smoke URL (input "url") mentions production host "example.com"'
    )
    expect(() =>
      assertWithinBoundary(plan, 'production', [reach])
    ).not.toThrow()
  })
})
