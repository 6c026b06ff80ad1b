import type { StageState, StageStatus } from '@rehearse/engine'
import type { RepoContext } from './repo-context.js'
import { truncate } from './repo-context.js'

const PREFIX = 'rehearse/'
const STATES: readonly string[] = ['pending', 'success', 'failure', 'error']

// GitHub only ever answers these four; anything else is read as an error
// rather than trusted as a pass.
function stageState(state: string): StageState {
  return STATES.includes(state) ? (state as StageState) : 'error'
}

/** The commit status context of a stage: `rehearse/<environment>/<stage>`. */
export function stageContext(environment: string, stage: string): string {
  return `${PREFIX}${environment}/${stage}`
}

/**
 * The environment and stage of a `rehearse/<environment>/<stage>` context,
 * or undefined for anyone else's context. The stage is the last segment,
 * so an environment name may itself contain a slash.
 */
export function parseStageContext(
  context: string
): { environment: string; stage: string } | undefined {
  if (!context.startsWith(PREFIX)) return undefined
  const rest = context.slice(PREFIX.length)
  const slash = rest.lastIndexOf('/')
  if (slash <= 0 || slash === rest.length - 1) return undefined
  return { environment: rest.slice(0, slash), stage: rest.slice(slash + 1) }
}

/** What {@link setStage} posts. */
export interface StageUpdate {
  environment: string
  stage: string
  state: StageState
  description: string
  targetUrl?: string
}

/** Posts the `rehearse/<environment>/<stage>` commit status of the SHA. */
export async function setStage(
  ctx: RepoContext,
  sha: string,
  update: StageUpdate
): Promise<void> {
  // A repeated POST (the request policy's retry after a 5xx) only adds an
  // identical status; the latest per context is what counts, so it is safe.
  await ctx.octokit.rest.repos.createCommitStatus({
    owner: ctx.owner,
    repo: ctx.repo,
    sha,
    state: update.state,
    context: stageContext(update.environment, update.stage),
    description: truncate(update.description),
    ...(update.targetUrl ? { target_url: update.targetUrl } : {})
  })
}

/**
 * The latest status of every `rehearse/*` context on the SHA. Reads every
 * page: a stage that failed may sit behind a hundred newer statuses, and
 * reading part of the list would report it missing instead.
 */
export async function readStages(
  ctx: RepoContext,
  sha: string
): Promise<StageStatus[]> {
  const seen = new Set<string>()
  const stages: StageStatus[] = []
  const pages = ctx.octokit.paginate.iterator(
    ctx.octokit.rest.repos.listCommitStatusesForRef,
    { owner: ctx.owner, repo: ctx.repo, ref: sha, per_page: 100 }
  )
  for await (const { data } of pages) {
    // Newest first: the first status seen for a context is its latest.
    for (const status of data) {
      if (seen.has(status.context)) continue
      seen.add(status.context)
      const parsed = parseStageContext(status.context)
      if (!parsed) continue
      stages.push({
        ...parsed,
        state: stageState(status.state),
        description: status.description ?? '',
        updatedAt: status.updated_at
      })
    }
  }
  return stages
}
