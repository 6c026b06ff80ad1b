import { describe, expect, it } from '@jest/globals'
import { formatAge, renderStatusTable } from '../src/commands/status-table.js'
import { payloadFor } from './support/ledger-fixtures.js'

describe('the status table', () => {
  it('aligns one row per environment with short SHA, state, fingerprint, HEAD stages and age', () => {
    const now = new Date('2024-05-01T10:05:00Z')
    const table = renderStatusTable(
      [
        {
          environment: 'staging',
          deployment: {
            id: '1',
            environment: 'staging',
            sha: '0123456789abcdef0123456789abcdef01234567',
            state: 'success',
            payload: {
              ...payloadFor('x'),
              fingerprint: 'sha256:e60cc6434adf5d1e'
            },
            environmentUrl: undefined,
            createdAt: '2024-05-01T10:00:00Z',
            updatedAt: '2024-05-01T10:03:00Z'
          },
          stages: [
            {
              environment: 'staging',
              stage: 'deploy',
              state: 'success',
              description: '',
              updatedAt: ''
            },
            {
              environment: 'staging',
              stage: 'smoke',
              state: 'failure',
              description: '',
              updatedAt: ''
            }
          ]
        },
        { environment: 'production', deployment: undefined, stages: [] }
      ],
      now
    )
    expect(table.split('\n')).toEqual([
      'ENVIRONMENT  SHA      STATE           FINGERPRINT   HEAD STAGES        AGE',
      'staging      0123456  success         e60cc6434adf  deploy ✓, smoke ✗  2m ago',
      'production   -        never deployed  -             -                  -',
      ''
    ])
  })

  it('says ages in the largest whole unit', () => {
    expect(formatAge(-5)).toBe('0s ago')
    expect(formatAge(59_000)).toBe('59s ago')
    expect(formatAge(60_000)).toBe('1m ago')
    expect(formatAge(3 * 3_600_000)).toBe('3h ago')
    expect(formatAge(50 * 3_600_000)).toBe('2d ago')
  })
})
