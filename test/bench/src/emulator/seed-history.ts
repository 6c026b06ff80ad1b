import { createHash } from 'node:crypto'
import { ensureEnvironment } from './routes/environments.js'
import { nextId, timestamp } from './state.js'
import type {
  CheckRunRecord,
  CommitStatusRecord,
  DeploymentRecord,
  DeploymentState,
  EmulatorState
} from './state.js'
import { addCheckSuite } from './check-suites.js'

/** Past deployments of one environment, as a long-lived repository has them. */
export interface SeedHistoryInput {
  environment: string
  /** How many past deployments (0 adds nothing). */
  count: number
  /** GitHub's production_environment flag (default: name is production). */
  production?: boolean
  /**
   * The commit of the i-th deployment, oldest first (default: a made-up
   * SHA per index, the same for every environment, so staging and
   * production deployments of "one release" share it).
   */
  sha?: (index: number) => string
  /** Deployment payload (default: a Rehearse payload of release i). */
  payload?: (index: number) => Record<string, unknown>
  /** Stages with a `rehearse/<env>/<stage>` pending → success status each. */
  stages?: readonly string[]
  /** Stages with a report check run (`rehearse/<env>/<stage> report`). */
  reports?: readonly string[]
  /** Latest state of the newest one (default success; older: inactive). */
  newest?: DeploymentState
  /** Time of the oldest one (default: `count` hours ago, one an hour). */
  startMs?: number
}

/** A made-up commit SHA for history index `i`. */
export const historySha = (index: number): string =>
  createHash('sha1').update(`rehearse history ${index}`).digest('hex')

const rehearsePayload = (index: number): Record<string, unknown> => ({
  rehearse: 1,
  fingerprint: createHash('sha256').update(`plan ${index}`).digest('hex'),
  parts: {},
  plan: { steps: 1 },
  variables: [],
  creator: 'octocat'
})

const HOUR = 3_600_000

/**
 * Writes `count` finished deployments of the environment straight into
 * the state, oldest first, each the way a Rehearse run leaves it:
 * in_progress then success statuses (inactive once replaced), pending then
 * success commit statuses per stage and a report check run per stage on
 * its commit. Ids keep growing, so later API writes stay newest.
 */
export function seedHistory(
  state: EmulatorState,
  input: SeedHistoryInput
): DeploymentRecord[] {
  const {
    environment,
    count,
    stages = ['migrations', 'deploy', 'smoke'],
    reports = ['migrations', 'smoke']
  } = input
  const production = input.production ?? environment === 'production'
  const start = input.startMs ?? Date.now() - (count + 1) * HOUR
  const seeded: DeploymentRecord[] = []
  if (count > 0) ensureEnvironment(state, environment)
  for (let index = 0; index < count; index++) {
    const at = (minutes: number) =>
      timestamp(new Date(start + index * HOUR + minutes * 60_000))
    const sha = (input.sha ?? historySha)(index)
    const deployment: DeploymentRecord = {
      id: nextId(state),
      sha,
      ref: sha,
      task: 'deploy',
      payload: (input.payload ?? rehearsePayload)(index),
      environment,
      originalEnvironment: environment,
      description: `Release ${index + 1}`,
      transientEnvironment: false,
      productionEnvironment: production,
      autoMerge: false,
      requiredContexts: [],
      creator: 'github-actions[bot]',
      createdAt: at(0),
      updatedAt: at(0)
    }
    state.deployments.push(deployment)
    seeded.push(deployment)
    addStatus(state, deployment, 'in_progress', at(0))
    for (const stage of stages) {
      addCommitStatus(
        state,
        sha,
        `rehearse/${environment}/${stage}`,
        'pending',
        at(1)
      )
      addCommitStatus(
        state,
        sha,
        `rehearse/${environment}/${stage}`,
        'success',
        at(2)
      )
    }
    for (const stage of reports)
      addReport(state, sha, `rehearse/${environment}/${stage} report`, at(2))
    const last = index === count - 1
    addStatus(state, deployment, 'success', at(3))
    if (!last) addStatus(state, deployment, 'inactive', at(60))
    else if (input.newest && input.newest !== 'success')
      addStatus(state, deployment, input.newest, at(4))
  }
  return seeded
}

function addStatus(
  state: EmulatorState,
  deployment: DeploymentRecord,
  deploymentState: DeploymentState,
  createdAt: string
): void {
  state.deploymentStatuses.push({
    id: nextId(state),
    deploymentId: deployment.id,
    state: deploymentState,
    description: deploymentState === 'inactive' ? '' : 'seeded history',
    environment: deployment.environment,
    logUrl: '',
    environmentUrl: '',
    creator: 'github-actions[bot]',
    createdAt
  })
  deployment.updatedAt = createdAt
}

function addCommitStatus(
  state: EmulatorState,
  sha: string,
  context: string,
  commitState: CommitStatusRecord['state'],
  createdAt: string
): void {
  state.commitStatuses.push({
    id: nextId(state),
    sha,
    state: commitState,
    context,
    description: commitState === 'pending' ? 'Running…' : 'Passed',
    targetUrl: null,
    creator: 'github-actions[bot]',
    createdAt
  })
}

function addReport(
  state: EmulatorState,
  sha: string,
  name: string,
  createdAt: string
): void {
  const suite =
    state.checkSuites.find(s => s.headSha === sha) ??
    addCheckSuite(state, sha, { createdAt })
  const run: CheckRunRecord = {
    id: nextId(state),
    headSha: sha,
    name,
    status: 'completed',
    conclusion: 'neutral',
    startedAt: createdAt,
    completedAt: createdAt,
    detailsUrl: null,
    externalId: null,
    output: {
      title: 'seeded report',
      summary: 'seeded report',
      text: JSON.stringify({ rehearse: 1, durationMs: 1000 })
    },
    checkSuiteId: suite.id,
    createdAt
  }
  state.checkRuns.push(run)
}
