import type { SmokeCheck } from '../types.js'
import type { HttpResponse } from '../http/http-client.js'
import { RequestFailure } from '../http/request-failure.js'
import { evaluateResponse, statusAccepted } from './assertions.js'
import { buildRequest } from './build-request.js'
import { readCaptures } from './captures.js'
import type { CheckContext } from './check-context.js'

/** What one request of a check came to. */
export interface AttemptResult {
  readonly problems: string[]
  readonly response?: HttpResponse
  /** Waiting would not change it: TLS, a refused redirect, a cap. */
  readonly permanent?: boolean
}

/** One request of the check, judged; captures are read when it passes. */
export async function attempt(
  check: SmokeCheck,
  ctx: CheckContext,
  captured: Map<string, unknown>,
  signal: AbortSignal | undefined,
  judge: { latency: boolean; capture: boolean }
): Promise<AttemptResult> {
  const values = { env: ctx.env, captured }
  try {
    const request = buildRequest(check, ctx.base, values)
    const response = await ctx.client.send({
      ...request,
      timeouts: check.timeouts,
      signal,
      expectsStatus: status =>
        check.expect.status !== undefined &&
        statusAccepted(check.expect, status)
    })
    const problems = evaluateResponse(
      check.expect,
      response,
      values,
      judge.latency
    )
    if (problems.length > 0 || !judge.capture) return { problems, response }
    const captures = readCaptures(check.capture, response)
    if (captures.problems.length > 0)
      return { problems: captures.problems, response }
    for (const capture of check.capture) {
      const value = captures.values.get(capture.name)
      if (capture.secret)
        ctx.redactor.add(
          typeof value === 'string' ? value : JSON.stringify(value)
        )
      captured.set(capture.name, value)
    }
    return { problems: [], response }
  } catch (error) {
    if (!(error instanceof RequestFailure)) throw error
    return { problems: [error.message], permanent: error.permanent }
  }
}
