/**
 * The web address of this workflow run's log, for `log_url` and
 * `target_url`: `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`,
 * plus `/attempts/${GITHUB_RUN_ATTEMPT}` for a re-run so the link shows the
 * attempt that set the status. Undefined outside a workflow run.
 */
export function runLogUrl(
  env: Readonly<Record<string, string | undefined>> = process.env
): string | undefined {
  const repository = env.GITHUB_REPOSITORY
  const runId = env.GITHUB_RUN_ID
  if (!repository || !runId) return undefined
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(
    /\/+$/,
    ''
  )
  const base = `${server}/${repository}/actions/runs/${runId}`
  const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1')
  return Number.isInteger(attempt) && attempt > 1
    ? `${base}/attempts/${attempt}`
    : base
}
