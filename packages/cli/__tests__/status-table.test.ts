import { describe, expect, it } from '@jest/globals'
import type { DeploymentRecord, DeploymentState } from '@rehearse/engine'
import {
  formatWhen,
  renderHistoryTable
} from '../src/commands/history-command.js'
import {
  differsFromServing,
  formatAge,
  renderStatusTable
} from '../src/commands/status-table.js'
import type { DeploymentAttempt } from '../src/ledger/deployment-attempts.js'
import { payloadFor } from './support/ledger-fixtures.js'

const SHA_A = '0123456789abcdef0123456789abcdef01234567'
const SHA_B = 'fedcba9876543210fedcba9876543210fedcba98'

function record(
  id: string,
  sha: string,
  state: DeploymentState | undefined,
  creator?: string
): DeploymentRecord {
  return {
    id,
    environment: 'staging',
    sha,
    state,
    payload: {
      ...payloadFor('x'),
      fingerprint: `sha256:e60cc6434adf5d1e${id}`
    },
    environmentUrl: undefined,
    createdAt: '2024-05-01T10:00:00Z',
    updatedAt: '2024-05-01T10:03:00Z',
    ...(creator ? { creator } : {})
  }
}

function attempt(
  deployment: DeploymentRecord,
  state: DeploymentAttempt['state'],
  startedAt: string,
  durationMs?: number
): DeploymentAttempt {
  return { deployment, state, startedAt, durationMs, description: undefined }
}

describe('the status table', () => {
  it('shows what each environment serves, since when, and a newer attempt that is not it', () => {
    const now = new Date('2024-05-01T10:05:00Z')
    const serving = record('1', SHA_A, 'success')
    const table = renderStatusTable(
      [
        {
          environment: 'staging',
          serving,
          newest: attempt(
            record('2', SHA_B, 'failure'),
            'failure',
            '2024-05-01T10:04:00Z'
          ),
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
        {
          environment: 'qa',
          serving: undefined,
          newest: attempt(
            record('3', SHA_A, 'in_progress'),
            'in_progress',
            '2024-05-01T10:04:55Z'
          ),
          stages: []
        },
        {
          environment: 'production',
          serving: undefined,
          newest: undefined,
          stages: []
        }
      ],
      now
    )
    expect(table.split('\n')).toEqual([
      'ENVIRONMENT  SERVES   SINCE   FINGERPRINT   HEAD STAGES        NEWEST ATTEMPT',
      'staging      0123456  2m ago  e60cc6434adf  deploy ✓, smoke ✗  fedcba9 failure 1m ago',
      'qa           -        -       -             -                  0123456 in progress 5s ago',
      'production   -        -       -             -                  -',
      ''
    ])
  })

  it.each<[string, DeploymentAttempt | undefined, boolean]>([
    ['no attempt at all', undefined, false],
    [
      'the success that made it the one served',
      attempt(record('1', SHA_A, 'success'), 'success', '2024-05-01T10:00:00Z'),
      false
    ],
    [
      'a failure of another commit',
      attempt(record('2', SHA_B, 'failure'), 'failure', '2024-05-01T10:00:00Z'),
      true
    ],
    [
      'a run of the same deployment still in progress',
      attempt(
        record('1', SHA_A, 'in_progress'),
        'in_progress',
        '2024-05-01T10:00:00Z'
      ),
      true
    ]
  ])(
    'decides whether to show the newest attempt beside what is served: %s',
    (_name, newest, shown) => {
      expect(differsFromServing(newest, record('1', SHA_A, 'success'))).toBe(
        shown
      )
    }
  )

  it('says ages in the largest whole unit', () => {
    expect(formatAge(-5)).toBe('0s ago')
    expect(formatAge(59_000)).toBe('59s ago')
    expect(formatAge(60_000)).toBe('1m ago')
    expect(formatAge(3 * 3_600_000)).toBe('3h ago')
    expect(formatAge(50 * 3_600_000)).toBe('2d ago')
  })
})

describe('the history table', () => {
  it('lists attempts with local start time, short SHA, result, who, fingerprint and duration', () => {
    const start = new Date(2024, 4, 1, 9, 5, 7)
    const table = renderHistoryTable([
      attempt(
        record('2', SHA_B, 'failure', 'alice'),
        'failure',
        start.toISOString(),
        83_000
      ),
      attempt(record('1', SHA_A, undefined), undefined, 'garbled')
    ])
    expect(table.split('\n')).toEqual([
      'STARTED              SHA      RESULT         BY     FINGERPRINT   TOOK',
      '2024-05-01 09:05:07  fedcba9  failure        alice  e60cc6434adf  1 min 23 s',
      'garbled              0123456  never started  -      e60cc6434adf  -',
      ''
    ])
    expect(formatWhen(new Date(2030, 11, 31, 23, 59, 0).toISOString())).toBe(
      '2030-12-31 23:59:00'
    )
  })
})
