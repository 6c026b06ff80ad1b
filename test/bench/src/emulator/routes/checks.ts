import { ensureCheckSuite } from '../check-suites.js'
import { latestCheckRuns } from '../commit-checks.js'
import { HttpError, notFound } from '../http-error.js'
import { renderPullsOfSha } from '../render/pull.js'
import { renderApp } from '../render/user.js'
import { resolveRef } from '../resolve-ref.js'
import { bodyString, numericParam, param } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import { nextId, timestamp } from '../state.js'
import type { CheckRunRecord } from '../state.js'
import { nodeId } from '../urls.js'

type Json = Record<string, unknown>

function renderCheckRun(ctx: RouteContext, run: CheckRunRecord): Json {
  const { urls } = ctx
  const url = `${urls.repoApi}/check-runs/${run.id}`
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId('CheckRun', run.id),
    external_id: run.externalId,
    url,
    html_url: `${urls.repoWeb}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      ...run.output,
      annotations_count: 0,
      annotations_url: `${url}/annotations`
    },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app: renderApp(urls),
    pull_requests: renderPullsOfSha(urls, ctx.state, run.headSha)
  }
}

function outputOf(
  ctx: RouteContext,
  previous: CheckRunRecord['output']
): CheckRunRecord['output'] {
  const output = ctx.body.output
  if (typeof output !== 'object' || output === null) return previous
  const field = (name: string) => {
    const value = (output as Json)[name]
    return typeof value === 'string' ? value : null
  }
  return {
    title: field('title'),
    summary: field('summary'),
    text: field('text')
  }
}

// Fields shared by create and update; a conclusion completes the run.
function applyFields(ctx: RouteContext, run: CheckRunRecord): void {
  run.name = bodyString(ctx, 'name') ?? run.name
  run.detailsUrl = bodyString(ctx, 'details_url') ?? run.detailsUrl
  run.externalId = bodyString(ctx, 'external_id') ?? run.externalId
  run.startedAt = bodyString(ctx, 'started_at') ?? run.startedAt
  run.status = bodyString(ctx, 'status') ?? run.status
  run.output = outputOf(ctx, run.output)
  const conclusion = bodyString(ctx, 'conclusion')
  if (conclusion) {
    run.conclusion = conclusion
    run.status = 'completed'
  }
  if (run.status === 'completed')
    run.completedAt =
      bodyString(ctx, 'completed_at') ?? run.completedAt ?? timestamp()
}

async function createCheckRun(ctx: RouteContext): Promise<Reply> {
  const given = bodyString(ctx, 'head_sha') ?? ''
  const headSha = /^[0-9a-f]{40}$/i.test(given)
    ? await ctx.git.resolve(given)
    : undefined
  if (!headSha) throw new HttpError(422, `No commit found for SHA: ${given}`)
  // The app's suite for the commit, created by its first check run when
  // no push created one.
  const suite = ensureCheckSuite(ctx.state, headSha)
  const run: CheckRunRecord = {
    id: nextId(ctx.state),
    headSha,
    name: '',
    status: 'queued',
    conclusion: null,
    startedAt: timestamp(),
    completedAt: null,
    detailsUrl: null,
    externalId: null,
    output: { title: null, summary: null, text: null },
    checkSuiteId: suite.id,
    createdAt: timestamp()
  }
  applyFields(ctx, run)
  ctx.state.checkRuns.push(run)
  return { status: 201, body: renderCheckRun(ctx, run) }
}

function findRun(ctx: RouteContext): CheckRunRecord {
  const id = numericParam(ctx, 'check_run_id')
  const run = ctx.state.checkRuns.find(r => r.id === id)
  if (!run) throw notFound()
  return run
}

function updateCheckRun(ctx: RouteContext): Reply {
  const run = findRun(ctx)
  applyFields(ctx, run)
  return { status: 200, body: renderCheckRun(ctx, run) }
}

async function listForRef(ctx: RouteContext): Promise<Reply> {
  const ref = param(ctx, 'ref')
  const sha = await resolveRef(ctx.state, ctx.git, ref)
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ref}`)
  const name = ctx.query.get('check_name')
  const status = ctx.query.get('status')
  // filter=latest (the default) keeps the newest run of each name.
  const pool =
    ctx.query.get('filter') === 'all'
      ? ctx.state.checkRuns.filter(run => run.headSha === sha)
      : latestCheckRuns(ctx.state, sha)
  const runs = pool
    .filter(
      run =>
        (name === null || run.name === name) &&
        (status === null || run.status === status)
    )
    .sort((a, b) => b.id - a.id)
  return {
    status: 200,
    body: {
      total_count: runs.length,
      check_runs: ctx.paginate(runs).map(run => renderCheckRun(ctx, run))
    }
  }
}

/** Check runs: create, update, get, list for a ref. */
export const checkRoutes: Route[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/check-runs',
    operationId: 'checks/create',
    handler: createCheckRun
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    operationId: 'checks/update',
    handler: updateCheckRun
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    operationId: 'checks/get',
    handler: ctx => ({ status: 200, body: renderCheckRun(ctx, findRun(ctx)) })
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref+}/check-runs',
    operationId: 'checks/list-for-ref',
    handler: listForRef
  }
]
