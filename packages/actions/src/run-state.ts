import * as core from '@actions/core'
import type { HeldLock, PipelineDeps, TakenLock } from '@rehearse/engine'

/** What main leaves for post: enough to clean up alone. */
interface RunState {
  readonly environment: string
  readonly sha: string
  /** The lock main took (kept for the job's later steps), if it took one. */
  readonly lock?: HeldLock
  /**
   * Whether main held the environment's lock: only then are the records
   * of this environment and SHA its own to close.
   */
  readonly holding?: boolean
}

const KEY = 'run'

// Main's own copy: saved state reaches the environment of post only.
let current: RunState | undefined

function save(state: RunState): void {
  current = state
  core.saveState(KEY, JSON.stringify(state))
}

function load(): RunState | undefined {
  const saved = core.getState(KEY)
  return saved ? (JSON.parse(saved) as RunState) : undefined
}

/** Saved before anything is written, so post knows what to look at. */
export function rememberRun(environment: string, sha: string): void {
  save({ environment, sha })
}

/** Saved the moment the lock is held, so post gives back one it took. */
export function rememberLock(taken: TakenLock): void {
  const state = current
  if (state)
    save({
      ...state,
      holding: true,
      ...(taken.fresh ? { lock: taken.lock } : {})
    })
}

const CANCELLED = 'Cancelled: the job stopped before the run finished'

// A deployment in one of these states is done; any other is this run's to close.
const FINAL = new Set(['success', 'failure', 'error', 'inactive'])

/**
 * Post step, whatever happened to main (failed, cancelled, killed): a
 * deployment of this run left without a final state (or any status), and
 * `rehearse/<env>/*` statuses left `pending`, become `error`; then the
 * lock main took is given back.
 */
export async function cleanUpRun(deps: PipelineDeps): Promise<void> {
  const state = load()
  if (!state) return
  try {
    if (state.holding) await closeOpenRecords(state, deps)
  } finally {
    if (state.lock) {
      const released = await deps.locks.release(state.environment, state.lock)
      core.info(`${state.environment} lock: ${released}`)
    }
  }
}

async function closeOpenRecords(
  state: RunState,
  deps: PipelineDeps
): Promise<void> {
  const { environment, sha } = state
  const deployment = await deps.ledger.findDeployment(environment, sha)
  // Whatever its state short of a final one — created without a status
  // (GitHub shows it pending forever), queued, pending, in progress.
  if (deployment && !FINAL.has(deployment.state ?? 'none')) {
    await deps.ledger.setDeploymentState(deployment.id, 'error', {
      logUrl: deps.logUrl,
      description: CANCELLED
    })
    core.info(`marked deployment ${deployment.id} as error (${CANCELLED})`)
  }
  const pending = (await deps.ledger.readStages(sha)).filter(
    s => s.environment === environment && s.state === 'pending'
  )
  for (const stage of pending) {
    await deps.ledger.setStage(sha, {
      environment,
      stage: stage.stage,
      state: 'error',
      description: CANCELLED,
      targetUrl: deps.logUrl
    })
    core.info(`marked rehearse/${environment}/${stage.stage} as error`)
  }
}
