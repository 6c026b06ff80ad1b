import { ConfigurationError } from '@rehearse/core'
import type { ReasonCode } from '@rehearse/core'
import type { PipelineDeps, Plan } from '@rehearse/engine'
import { readDataConfig } from '../config/read-data-config.js'
import { openConnection } from '../db/open-connection.js'
import type { DataConnection } from '../db/connection.js'
import type { DataReceipt } from '../receipt/data-receipt.js'
import { DATA_STAGE } from '../receipt/find-data-receipt.js'
import { describeReceipt, renderDataSummary } from '../report/render-summary.js'
import { releaseRefreshLock, takeRefreshLock } from './environment-lock.js'
import type { RefreshLock } from './environment-lock.js'
import { resolveUrls } from './resolve-urls.js'
import { runRefresh } from './run-refresh.js'
import { endSnapshot } from './source-snapshot.js'

/** One refresh of an environment's data, as an entry point asks for it. */
export interface RefreshRequest {
  readonly plan: Plan
  readonly environment: string
  readonly workspace: string
  /** The commit the receipt and the status are recorded on. */
  readonly sha: string
  /** Overrides `data.source-url-env` (the action's `source-url` input). */
  readonly sourceUrl?: string
  /** Overrides the migrations' database URL variable (`database-url`). */
  readonly targetUrl?: string
  /** How long to wait for another run's lock; default 0. */
  readonly lockWaitMs?: number
  readonly lockWaitHint?: string
  /** Why the lock is held, shown to runs it refuses. */
  readonly lockReason: string
  /** Told when the lock is taken and given back (the action's post step). */
  readonly onLock?: (taken: RefreshLock | undefined) => void
  /** Where progress lines go; default the reporter. */
  readonly progress?: (line: string) => void
}

export interface RefreshOutcome {
  readonly status: DataReceipt['status']
  readonly reason: ReasonCode | undefined
  readonly receipt: DataReceipt
  /** One line (the status description). */
  readonly description: string
  /** The job summary section, in Markdown. */
  readonly summary: string
}

/**
 * Refreshes an environment's data from the production replica, masked:
 * reads the plan's `data:` section, resolves and checks the URLs (never a
 * production target, never the source), takes the environment's lock,
 * posts `rehearse/<env>/data` pending, refreshes, and records the receipt
 * as the stage report with the final status. Throws (records nothing) for
 * what is wrong before the lock; a blocked or failed refresh returns its
 * receipt with the target left as it was.
 */
export async function refreshData(
  request: RefreshRequest,
  deps: PipelineDeps
): Promise<RefreshOutcome> {
  const { plan, environment: name } = request
  const config = readDataConfig(plan, request.workspace)
  if (!config)
    throw new ConfigurationError(
      `${plan.file} has no data: section: add one (source-url-env, and the masking rules under tables) to refresh ${name}'s data.`,
      { reason: 'invalid_plan' }
    )
  const environment = plan.environments[name]
  if (!environment)
    throw new ConfigurationError(`${plan.file} has no environment "${name}"`, {
      reason: 'invalid_plan'
    })
  const urls = resolveUrls({
    plan,
    environment,
    config,
    baseEnv: deps.baseEnv,
    sourceUrl: request.sourceUrl,
    targetUrl: request.targetUrl,
    reporter: deps.reporter
  })
  const taken = await takeRefreshLock(
    name,
    {
      waitMs: request.lockWaitMs ?? 0,
      hint: request.lockWaitHint,
      reason: request.lockReason
    },
    deps
  )
  request.onLock?.(taken)
  try {
    await setStage(request, deps, 'pending', 'Refreshing data…')
    const receipt = await withConnections(urls, deps, (source, target) =>
      runRefresh({
        file: plan.file,
        environment: name,
        sha: request.sha,
        config,
        key: urls.key,
        source,
        target,
        deps,
        progress: request.progress ?? (line => deps.reporter.info(line))
      })
    )
    return await record(request, deps, receipt)
  } catch (error) {
    // Nothing was written (a rule or subset the databases refuse, a
    // connection that failed): the status must not stay pending.
    const message = error instanceof Error ? error.message : String(error)
    await setStage(request, deps, 'failure', message).catch(() => undefined)
    throw error
  } finally {
    await releaseRefreshLock(name, taken, deps)
    request.onLock?.(undefined)
  }
}

async function withConnections<T>(
  urls: { source: string; target: string },
  deps: PipelineDeps,
  body: (source: DataConnection, target: DataConnection) => Promise<T>
): Promise<T> {
  const source = await openConnection(urls.source, 'source')
  let target: DataConnection | undefined
  const onAbort = (): void => {
    deps.reporter.warning(
      'cancelling the refresh: its transaction is rolled back'
    )
    void source.cancel().catch(() => undefined)
    void target?.cancel().catch(() => undefined)
  }
  deps.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    target = await openConnection(urls.target, 'target')
    deps.reporter.info(`source: ${source.label}`)
    deps.reporter.info(`target: ${target.label}`)
    return await body(source, target)
  } finally {
    deps.signal?.removeEventListener('abort', onAbort)
    await endSnapshot(source)
    await source.close()
    await target?.close()
  }
}

async function record(
  request: RefreshRequest,
  deps: PipelineDeps,
  receipt: DataReceipt
): Promise<RefreshOutcome> {
  const description = describeReceipt(receipt)
  const summary = renderDataSummary(receipt)
  await deps.ledger.saveReport(request.sha, request.environment, DATA_STAGE, {
    title: description,
    summary,
    data: { ...receipt }
  })
  const state =
    receipt.status === 'success'
      ? 'success'
      : receipt.reason === 'cancelled'
        ? 'error'
        : 'failure'
  await setStage(request, deps, state, description)
  if (receipt.status !== 'success')
    deps.reporter.error(receipt.message ?? description)
  return {
    status: receipt.status,
    reason: receipt.reason as ReasonCode | undefined,
    receipt,
    description,
    summary
  }
}

async function setStage(
  request: RefreshRequest,
  deps: PipelineDeps,
  state: 'pending' | 'success' | 'failure' | 'error',
  description: string
): Promise<void> {
  await deps.ledger.setStage(request.sha, {
    environment: request.environment,
    stage: DATA_STAGE,
    state,
    // Commit statuses keep 140 characters.
    description:
      description.length > 140 ? `${description.slice(0, 139)}…` : description,
    targetUrl: deps.logUrl
  })
}
