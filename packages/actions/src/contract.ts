/** How an input's string value is read. */
export type InputKind = 'string' | 'boolean' | 'list' | 'integer'

export interface InputSpec {
  readonly kind: InputKind
  /** The `action.yml` default, verbatim (expressions included). */
  readonly default?: string
  readonly required?: boolean
}

/**
 * What users' workflow YAML depends on: the names, defaults and outputs of
 * one action. `action.yml` must say exactly this; a contract test checks it.
 */
export interface ActionContract {
  readonly name: ActionName
  readonly inputs: Readonly<Record<string, InputSpec>>
  readonly outputs: readonly string[]
}

export type ActionName =
  | 'pr-command'
  | 'deploy-to-staging'
  | 'run-migrations'
  | 'smoke-test'
  | 'promote-to-prod'
  | 'refresh-data'

const token = { kind: 'string', default: '${{ github.token }}' } as const
const config = { kind: 'string', default: '.github/rehearse.yml' } as const
const sha = { kind: 'string', default: '${{ github.sha }}' } as const
const optional = { kind: 'string', default: '' } as const
const off = { kind: 'boolean', default: 'false' } as const
const lockWait = { kind: 'integer', default: '10' } as const
const freezeOverride = { kind: 'string', default: '' } as const

export const contracts = {
  'pr-command': {
    name: 'pr-command',
    inputs: {
      token,
      config,
      prefix: { kind: 'string', default: '.' },
      environment: { kind: 'string', default: 'staging' },
      'allowed-permissions': { kind: 'list', default: 'write,maintain,admin' },
      'require-checks': { kind: 'string', default: 'all' },
      environments: { kind: 'list', default: '' },
      'lock-lease-minutes': { kind: 'integer', default: '60' },
      'allow-forks': { kind: 'list', default: '' },
      'allow-drafts': { kind: 'list', default: '' },
      'allow-non-default-base': { kind: 'list', default: '' }
    },
    outputs: [
      'continue',
      'command',
      'sha',
      'ref',
      'environment',
      'noop',
      'pr-number',
      'reason'
    ]
  },
  'deploy-to-staging': {
    name: 'deploy-to-staging',
    inputs: {
      config,
      environment: { kind: 'string', default: 'staging' },
      sha,
      token,
      noop: off,
      url: optional,
      script: optional,
      'database-url': optional,
      'pr-number': optional,
      'lock-wait-minutes': lockWait,
      'freeze-override': freezeOverride,
      mode: { kind: 'string', default: 'deploy' }
    },
    outputs: [
      'deployment-id',
      'environment-url',
      'fingerprint',
      'sha',
      'reason',
      'drift',
      'drift-issue'
    ]
  },
  'run-migrations': {
    name: 'run-migrations',
    inputs: {
      config,
      environment: { kind: 'string', default: 'staging' },
      'database-url': optional,
      'dry-run': off,
      'rehearse-rollback': { kind: 'string', default: 'auto' },
      sha,
      token,
      'lock-wait-minutes': lockWait
    },
    outputs: ['applied', 'pending', 'duration-ms', 'reason']
  },
  'smoke-test': {
    name: 'smoke-test',
    inputs: {
      config,
      environment: { kind: 'string', default: 'staging' },
      url: optional,
      baseline: { kind: 'string', default: 'previous' },
      sha,
      token,
      'lock-wait-minutes': lockWait
    },
    outputs: ['passed', 'failed', 'report', 'reason']
  },
  'promote-to-prod': {
    name: 'promote-to-prod',
    inputs: {
      config,
      environment: { kind: 'string', default: 'production' },
      from: { kind: 'string', default: 'staging' },
      sha,
      token,
      url: optional,
      script: optional,
      'database-url': optional,
      'lock-wait-minutes': lockWait,
      'freeze-override': freezeOverride
    },
    outputs: [
      'deployment-id',
      'environment-url',
      'fingerprint',
      'rolled-back',
      'reason'
    ]
  },
  'refresh-data': {
    name: 'refresh-data',
    inputs: {
      config,
      environment: { kind: 'string', default: 'staging' },
      'source-url': optional,
      'database-url': optional,
      sha,
      token,
      'lock-wait-minutes': lockWait
    },
    outputs: ['rows', 'tables', 'receipt', 'reason']
  }
} as const satisfies Record<ActionName, ActionContract>
