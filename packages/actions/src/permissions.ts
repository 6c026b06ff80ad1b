import type { ActionName } from './contract.js'

/** A GITHUB_TOKEN permission scope an action's calls need. */
export type PermissionScope =
  | 'actions'
  | 'checks'
  | 'contents'
  | 'deployments'
  | 'issues'
  | 'pull-requests'
  | 'statuses'

/** One permission the job must grant, and the calls that need it. */
export interface PermissionNeed {
  readonly scope: PermissionScope
  readonly level: 'read' | 'write'
  readonly why: string
}

/**
 * What an action needs for one way of calling it: `when` names the input
 * that selects it (`mode: drift`, `pr-number` set); the first entry, with
 * no `when`, is the usual call.
 */
export interface PermissionSet {
  readonly when?: { readonly input: string; readonly value?: string }
  readonly needs: readonly PermissionNeed[]
}

// The calls behind each need, as the GitHub packages make them. Every run
// of the pipeline takes the environment's lock (a ref under
// rehearse-lock/, contents write) and reads the environment's deployments.
const lock: PermissionNeed = {
  scope: 'contents',
  level: 'write',
  why: 'the lock branch `rehearse-lock/<environment>` (git refs, commits); reads the commit'
}
const readDeployments: PermissionNeed = {
  scope: 'deployments',
  level: 'read',
  why: "the environment's deployments (what it serves, the gate)"
}
const writeDeployments: PermissionNeed = {
  scope: 'deployments',
  level: 'write',
  why: 'the one Deployment per environment and SHA, and its statuses'
}
const statuses: PermissionNeed = {
  scope: 'statuses',
  level: 'write',
  why: 'commit statuses `rehearse/<environment>/<stage>`'
}
const stageReports: PermissionNeed = {
  scope: 'checks',
  level: 'write',
  why: 'stage reports (check runs) the gate and production compare with'
}

/**
 * The permissions each action's job must grant its token (`permissions:`),
 * per way of calling it. The README's Permissions table is generated from
 * this, and a docs test checks every example workflow grants it.
 */
export const permissions: Readonly<
  Record<ActionName, readonly PermissionSet[]>
> = {
  'pr-command': [
    {
      needs: [
        lock,
        writeDeployments,
        statuses,
        {
          scope: 'checks',
          level: 'read',
          why: "the head's CI (check runs and suites)"
        },
        {
          scope: 'pull-requests',
          level: 'write',
          why: 'the pull request, reactions and the one result comment'
        }
      ]
    }
  ],
  'deploy-to-staging': [
    { needs: [lock, writeDeployments, statuses, stageReports] },
    {
      when: { input: 'pr-number' },
      needs: [
        {
          scope: 'pull-requests',
          level: 'read',
          why: "the pull request's head, checked again before writing"
        }
      ]
    },
    {
      when: { input: 'mode', value: 'drift' },
      needs: [
        { scope: 'contents', level: 'read', why: 'the plan and the commits' },
        readDeployments,
        {
          scope: 'issues',
          level: 'write',
          why: 'the one drift issue (opened, edited, closed)'
        }
      ]
    },
    {
      when: { input: 'mode', value: 'scale-down' },
      needs: [lock, readDeployments, statuses]
    },
    {
      when: { input: 'mode', value: 'scale-up' },
      needs: [lock, readDeployments, statuses]
    },
    {
      when: { input: 'mode', value: 'teardown' },
      needs: [lock, writeDeployments, statuses]
    },
    {
      when: { input: 'mode', value: 'teardown-idle' },
      needs: [
        {
          scope: 'actions',
          level: 'read',
          why: "the repository's environments"
        },
        lock,
        writeDeployments,
        statuses
      ]
    }
  ],
  'run-migrations': [
    { needs: [lock, readDeployments, statuses, stageReports] }
  ],
  'smoke-test': [{ needs: [lock, readDeployments, statuses, stageReports] }],
  'promote-to-prod': [
    { needs: [lock, writeDeployments, statuses, stageReports] }
  ],
  'refresh-data': [{ needs: [lock, readDeployments, statuses, stageReports] }]
}
