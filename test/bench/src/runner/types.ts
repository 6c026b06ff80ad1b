/** Which script of the action a step runs. */
export type Stage = 'main' | 'post'

/** A step's outcome, as `steps.<id>.outcome` reports it. */
export type StepOutcome = 'success' | 'failure' | 'cancelled' | 'skipped'

/** The job's status that `success()`, `failure()` and `cancelled()` read. */
export type JobStatus = 'success' | 'failure' | 'cancelled'

export type AnnotationLevel = 'error' | 'warning' | 'notice'

/** The signals the runner sends, in the order it sends them. */
export type CancelSignal = 'SIGINT' | 'SIGTERM' | 'SIGKILL'

/** An annotation the runner would attach to the run (`::error` etc.). */
export interface Annotation {
  level: AnnotationLevel
  /** Already masked, like everything the runner uploads. */
  message: string
  title?: string
  /** Relative to the workspace when it lies inside it, as the runner does. */
  file?: string
  line?: number
  endLine?: number
  col?: number
  endColumn?: number
  /** Every property as sent (masked), including ones the runner ignores. */
  properties: Record<string, string>
  /** `setup` marks what the runner itself says before running the step. */
  stage: Stage | 'setup'
}

/** What one process (main or post) did. */
export interface StepResult {
  stage: Stage
  outcome: StepOutcome
  exitCode: number | null
  /** The signal that terminated the process, if one did. */
  signal: NodeJS.Signals | null
  /** Raw streams, unmasked: for asserting on what the action really wrote. */
  stdout: string
  stderr: string
  /** The step log as the runner shows it: commands consumed, secrets `***`. */
  log: string
  annotations: Annotation[]
  outputs: Record<string, string>
  state: Record<string, string>
  env: Record<string, string>
  path: string[]
  summary: string
  durationMs: number
  /** Signals sent because of cancellation or timeout, in order. */
  signalsSent: CancelSignal[]
  /**
   * The last signal sent before the process ended: SIGINT when the action
   * stopped on its own after SIGINT, SIGKILL when it had to be killed.
   */
  endedBy?: CancelSignal
  timedOut: boolean
  /**
   * Where a secret of the job (the token, the test's `secrets`,
   * `::add-mask::` values) appeared unmasked or encoded: outputs, state,
   * the summary as written, base64 in the log. runAction fails on any.
   */
  secretLeaks: string[]
}

/** The `github` context the emulated run uses; every field has a default. */
export interface GitHubOptions {
  serverUrl?: string
  apiUrl?: string
  graphqlUrl?: string
  /** `owner/name`. */
  repository?: string
  sha?: string
  ref?: string
  actor?: string
  runId?: string | number
  runAttempt?: string | number
  runNumber?: string | number
  token?: string
  workspace?: string
  job?: string
  workflow?: string
  /** `GITHUB_ACTION`: the step id, `__<name>` when the step has none. */
  action?: string
}

/** Cancel the run the way the runner does when a user cancels the job. */
export interface CancelAfter {
  /** Milliseconds after main starts (or after `whenLine` matched). */
  afterMs?: number
  /** Cancel once main prints a line (raw stdout/stderr) matching this. */
  whenLine?: string | RegExp
}

/** The subset of AbortSignal the driver needs. */
export interface AbortSignalLike {
  readonly aborted: boolean
  addEventListener(type: 'abort', listener: () => void): void
  removeEventListener(type: 'abort', listener: () => void): void
}

/** The runner waits this long after SIGINT, then after SIGTERM. */
export interface KillGrace {
  sigintMs: number
  sigtermMs: number
}

export interface RunActionOptions {
  /** Directory holding `action.yml`; `runs.main`/`runs.post` are relative. */
  actionDir: string
  /** The step's `with:`; merged over the action.yml defaults. */
  inputs?: Record<string, string | number | boolean>
  event?: { name: string; payload?: unknown }
  github?: GitHubOptions
  /** The step's `env:`. */
  env?: Record<string, string>
  /** Node binary; defaults to `$ACTION_NODE`, then this process's node. */
  node?: string
  /** Working directory of the process; the runner uses the workspace. */
  cwd?: string
  /** Per step; on expiry the step is stopped like a cancellation. */
  timeoutMs?: number
  cancel?: CancelAfter | AbortSignalLike
  /** For fast tests only; the default is the runner's 7500/2500 ms. */
  killGraceMs?: Partial<KillGrace>
  /** `ACTIONS_STEP_DEBUG`: sets RUNNER_DEBUG=1 and logs `::debug::`. */
  debug?: boolean
  /** Keep the temp dirs (HOME, RUNNER_TEMP, default workspace). */
  keepTemp?: boolean
  /**
   * Fail the run when a secret leaks (see StepResult.secretLeaks); on by
   * default. Off only for the bench's own tiny action, which leaks on
   * purpose to test the runner's masking.
   */
  scanSecrets?: boolean
  /** The job's secrets: masked in logs and summaries like the token. */
  secrets?: readonly string[]
}

export interface RunActionResult {
  main: StepResult
  post?: StepResult
  /** Outputs of main, the ones later steps can read. */
  outputs: Record<string, string>
  /** State main saved for post. */
  state: Record<string, string>
  /** Variables exported through GITHUB_ENV by main and post. */
  env: Record<string, string>
  /** Directories added through GITHUB_PATH by main and post. */
  path: string[]
  /** Main's then post's step summary, masked as the runner uploads it. */
  summary: string
  annotations: Annotation[]
  log: string
  cancelled: boolean
  conclusion: JobStatus
  /** Set when `keepTemp` is true. */
  tempDir?: string
}
