import { describe, expect, it } from '@jest/globals'
import {
  evaluateInputDefault,
  evaluateStatusCondition,
  SUPPORTED_GITHUB_PROPERTIES
} from '../../src/runner/index.js'

const github = Object.fromEntries(
  SUPPORTED_GITHUB_PROPERTIES.map(name => [name, `<${name}>`])
) as Parameters<typeof evaluateInputDefault>[2]

describe('input default expressions', () => {
  it('replaces github context properties, whatever their case', () => {
    expect(
      evaluateInputDefault(
        'x',
        '${{ github.server_url }}/${{GITHUB.Repository}}',
        github
      )
    ).toBe('<server_url>/<repository>')
  })

  it('leaves literal defaults alone', () => {
    expect(evaluateInputDefault('x', 'plain $ {{ text }}', github)).toBe(
      'plain $ {{ text }}'
    )
  })

  it.each([
    '${{ secrets.TOKEN }}',
    '${{ github.event.pull_request.number }}',
    "${{ format('{0}', github.sha) }}",
    '${{ env.HOME }}'
  ])('rejects %s with a clear error', template => {
    expect(() => evaluateInputDefault('key', template, github)).toThrow(
      /input "key": unsupported expression/
    )
  })
})

describe('status conditions', () => {
  const table: Array<[string, string, boolean]> = [
    ['always()', 'cancelled', true],
    ['success()', 'success', true],
    ['success()', 'failure', false],
    ['failure()', 'failure', true],
    ['failure()', 'cancelled', false],
    ['cancelled()', 'cancelled', true],
    ['${{ !cancelled() }}', 'failure', true],
    ['success() || failure()', 'cancelled', false],
    ['!(failure() && cancelled())', 'failure', true]
  ]
  it.each(table)(
    '%s is %s when the job is %s',
    (condition, status, expected) => {
      expect(evaluateStatusCondition(condition, status as 'success')).toBe(
        expected
      )
    }
  )

  it.each([
    '',
    'true',
    'always() &&',
    'success',
    "startsWith(github.ref, 'v')"
  ])('rejects %j', condition => {
    expect(() => evaluateStatusCondition(condition, 'success')).toThrow(
      /unsupported condition/
    )
  })
})
