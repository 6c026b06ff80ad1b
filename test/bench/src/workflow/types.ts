import type {
  GitHubOptions,
  JobStatus,
  RunActionResult,
  StepOutcome
} from '../runner/types.js'

/** How to run a workflow file on the bench. */
export interface WorkflowRunOptions {
  /** The workflow YAML. */
  file: string
  /** The checked-out repository every job works in (GITHUB_WORKSPACE). */
  workspace: string
  /** The event that started the run; must be one the workflow is `on:`. */
  event: { name: string; payload?: unknown }
  /** workflow_dispatch inputs as typed; defaults come from the workflow. */
  inputs?: Record<string, string | number | boolean>
  /** The `secrets` context (GITHUB_TOKEN is added); masked in logs. */
  secrets?: Record<string, string>
  /** The `vars` context. */
  vars?: Record<string, string>
  /**
   * Deployment environments' own secrets and variables: a job whose
   * `environment.name` is listed sees them over the repository's.
   */
  environments?: Record<
    string,
    { secrets?: Record<string, string>; vars?: Record<string, string> }
  >
  /**
   * The run's `github` context (apiUrl of the emulator, sha, ref, actor);
   * runId defaults to a new id per run, so two runs never share one.
   */
  github?: Omit<GitHubOptions, 'workspace' | 'job' | 'action'>
  /** Variables of the machine every step sees (e.g. test switches). */
  env?: Record<string, string>
  /**
   * Where a `uses:` action lives on this machine; undefined refuses the
   * step. Default: {@link localActions} of this repository.
   */
  resolveAction?: (uses: string) => string | undefined
  /** Node for actions; default `$ACTION_NODE`, then this process's node. */
  node?: string
  /** A step's timeout when it sets no timeout-minutes (default 5 min). */
  stepTimeoutMs?: number
}

/** What one step did. */
export interface StepRun {
  /** `id:`, or undefined when the step has none. */
  id?: string
  /** `name:`, else what it uses or the first line it runs. */
  name: string
  kind: 'action' | 'checkout' | 'run'
  /** Before continue-on-error. */
  outcome: StepOutcome
  /** After continue-on-error: what the job's status sees. */
  conclusion: StepOutcome
  outputs: Record<string, string>
  /** The driver's main and post, for action and run steps that ran. */
  result?: RunActionResult
}

/** What one job did. */
export interface JobRun {
  id: string
  /** `needs.<id>.result`: skipped when its `if:` or a needed job said so. */
  result: JobStatus | 'skipped'
  steps: StepRun[]
  /** The job's `outputs:`, evaluated once its steps ran. */
  outputs: Record<string, string>
  /** Each step's log under a `## <step>` header, posts last. */
  log: string
}
