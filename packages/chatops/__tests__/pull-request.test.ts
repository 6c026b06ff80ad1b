import { describe, expect, it } from '@jest/globals'
import { checkPull, pullPolicyFor, STRICT_POLICY } from '../src/pull-request.js'
import type { PullFacts } from '../src/pull-request.js'

const pull: PullFacts = {
  number: 7,
  state: 'open',
  draft: false,
  headSha: 'a'.repeat(40),
  headRef: 'feature',
  headRepository: 'acme/widgets',
  baseRef: 'main'
}
const context = {
  repository: 'acme/widgets',
  defaultBranch: 'main',
  environment: 'staging'
}

describe('checkPull', () => {
  it('accepts an open, ready pull request from the repository into main', () => {
    expect(checkPull(pull, context, STRICT_POLICY)).toBeUndefined()
    expect(
      checkPull(
        { ...pull, headRepository: 'ACME/Widgets' },
        context,
        STRICT_POLICY
      )
    ).toBeUndefined()
  })

  it.each<
    [string, Partial<PullFacts>, string, keyof typeof STRICT_POLICY | undefined]
  >([
    ['closed', { state: 'closed' }, 'pr_closed', undefined],
    ['a draft', { draft: true }, 'pr_draft', 'allowDrafts'],
    [
      'from a fork',
      { headRepository: 'mallory/widgets' },
      'pr_from_fork',
      'allowForks'
    ],
    [
      'from a deleted fork',
      { headRepository: undefined },
      'pr_from_fork',
      'allowForks'
    ],
    [
      'into another branch',
      { baseRef: 'release' },
      'non_default_base',
      'allowNonDefaultBase'
    ]
  ])(
    'refuses a pull request %s unless allowed',
    (_what, change, reason, allowance) => {
      const facts = { ...pull, ...change }
      expect(checkPull(facts, context, STRICT_POLICY)?.reason).toBe(reason)
      if (!allowance) return
      const allowed = { ...STRICT_POLICY, [allowance]: true }
      expect(checkPull(facts, context, allowed)).toBeUndefined()
    }
  )

  it('tells how to allow an exception for the environment', () => {
    const refusal = checkPull({ ...pull, draft: true }, context, STRICT_POLICY)
    expect(refusal?.message).toContain(
      'add staging to pr-command\'s "allow-drafts" input'
    )
  })
})

describe('pullPolicyFor', () => {
  it('grants only the exceptions whose list names the environment', () => {
    expect(
      pullPolicyFor('staging', {
        allowForks: ['preview'],
        allowDrafts: ['staging'],
        allowNonDefaultBase: []
      })
    ).toEqual({
      allowForks: false,
      allowDrafts: true,
      allowNonDefaultBase: false
    })
  })
})
