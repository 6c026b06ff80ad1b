import { HttpError, notFound } from '../http-error.js'
import { renderCheckSuite } from '../render/check-suite.js'
import { resolveRef } from '../resolve-ref.js'
import { numericParam, param } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import type { CheckSuiteRecord } from '../state.js'

// The only app the emulator knows (renderApp): GitHub Actions.
const APP_ID = 15368

async function render(ctx: RouteContext, suites: readonly CheckSuiteRecord[]) {
  const commits = await ctx.git.commitsBySha(
    (
      await Promise.all(suites.map(suite => ctx.git.resolve(suite.headSha)))
    ).filter((sha): sha is string => sha !== undefined)
  )
  return suites.map(suite =>
    renderCheckSuite(
      ctx.urls,
      ctx.state,
      suite,
      commits.find(commit => commit.sha === suite.headSha)
    )
  )
}

// Oldest first; `app_id` and `check_name` filter like GitHub's.
async function listForRef(ctx: RouteContext): Promise<Reply> {
  const ref = param(ctx, 'ref')
  const sha = await resolveRef(ctx.state, ctx.git, ref)
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ref}`)
  const app = ctx.query.get('app_id')
  const name = ctx.query.get('check_name')
  const suites = ctx.state.checkSuites
    .filter(suite => suite.headSha === sha)
    .filter(() => app === null || Number(app) === APP_ID)
    .filter(
      suite =>
        name === null ||
        ctx.state.checkRuns.some(
          run => run.checkSuiteId === suite.id && run.name === name
        )
    )
    .sort((a, b) => a.id - b.id)
  return {
    status: 200,
    body: {
      total_count: suites.length,
      check_suites: await render(ctx, ctx.paginate(suites))
    }
  }
}

async function getSuite(ctx: RouteContext): Promise<Reply> {
  const id = numericParam(ctx, 'check_suite_id')
  const suite = ctx.state.checkSuites.find(s => s.id === id)
  if (!suite) throw notFound()
  const [body] = await render(ctx, [suite])
  return { status: 200, body }
}

/** Check suites: get one, list a commit's (with GitHub's `created_at`). */
export const checkSuiteRoutes: Route[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/check-suites/{check_suite_id}',
    operationId: 'checks/get-suite',
    handler: getSuite
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref+}/check-suites',
    operationId: 'checks/list-suites-for-ref',
    handler: listForRef
  }
]
