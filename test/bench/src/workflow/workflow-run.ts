import { resolveGitHub } from '../runner/environment.js'
import type { GitHubOptions, JobStatus } from '../runner/types.js'
import { evaluateCondition, interpolate } from './expression.js'
import { localActions } from './local-actions.js'
import { loadWorkflow, type Workflow } from './load-workflow.js'
import { runJobSteps } from './run-job.js'
import type { JobRun, WorkflowRunOptions } from './types.js'

/** One run of a workflow, job by job. */
export interface WorkflowRun {
  readonly workflow: Workflow
  /** GITHUB_RUN_ID, shared by every job of the run. */
  readonly runId: string
  /** The jobs run so far, by id. */
  readonly jobs: Readonly<Record<string, JobRun>>
  /**
   * Runs one job, or skips it when its `if:` (default: every needed job
   * succeeded) says so. The jobs it needs must have run before, in this
   * run: call it in `needs:` order, as GitHub schedules them.
   */
  runJob(id: string): Promise<JobRun>
  /** Runs every job not run yet, one at a time, each after its needs. */
  runAll(): Promise<Readonly<Record<string, JobRun>>>
}

let nextRunId = 7_100_000_000

/**
 * Opens a run of a workflow file for an event: the `github`, `inputs`,
 * `secrets` and `vars` contexts are fixed here for every job. Jobs run one
 * at a time in the test's repository (concurrency groups, `runs-on` and
 * permissions are not enforced: the emulator accepts any token).
 */
export async function openWorkflowRun(
  options: WorkflowRunOptions
): Promise<WorkflowRun> {
  const workflow = await loadWorkflow(options.file)
  const { event } = options
  if (!workflow.events.includes(event.name)) {
    throw new Error(
      `${workflow.file} does not run on ${event.name} (on: ${workflow.events.join(', ')})`
    )
  }
  const setup = runSetup(workflow, options)
  const jobs: Record<string, JobRun> = {}
  const runJob = async (id: string): Promise<JobRun> => {
    if (jobs[id]) throw new Error(`job ${id} already ran in this run`)
    const run = await runOneJob(setup, jobs, id)
    jobs[id] = run
    return run
  }
  return {
    workflow,
    runId: setup.github.runId,
    jobs,
    runJob,
    runAll: async () => {
      for (const id of ordered(workflow)) if (!jobs[id]) await runJob(id)
      return jobs
    }
  }
}

/** What every job of one run shares. */
interface RunSetup {
  workflow: Workflow
  options: WorkflowRunOptions
  github: GitHubOptions & { runId: string }
  /** github, inputs, secrets (the repository's), vars. */
  contexts: Record<string, unknown> & {
    github: Record<string, unknown>
    secrets: Record<string, string>
    vars: Record<string, string>
  }
  /** The workflow's `env:`, evaluated. */
  env: Record<string, string>
  resolveAction: (uses: string) => string | undefined
}

function runSetup(workflow: Workflow, options: WorkflowRunOptions): RunSetup {
  const { event } = options
  const github = {
    workflow: workflow.name,
    ...options.github,
    runId: String(options.github?.runId ?? nextRunId++)
  }
  const resolved = resolveGitHub(github, {
    eventName: event.name,
    eventPath: '',
    workspace: options.workspace,
    payload: event.payload
  })
  const contexts = {
    github: { ...resolved, event: event.payload ?? {} },
    inputs: dispatchInputs(workflow, options),
    secrets: { GITHUB_TOKEN: resolved.token, ...options.secrets },
    vars: { ...options.vars }
  }
  const env = Object.fromEntries(
    Object.entries(workflow.env).map(([key, value]) => [
      key,
      interpolate(value, { contexts, status: 'success' })
    ])
  )
  const resolveAction = options.resolveAction ?? localActions()
  return {
    ...{ workflow, options, contexts, env, resolveAction },
    // The bench's default SHA when the test gives none, for checkout too.
    github: { ...github, sha: resolved.sha }
  }
}

// A job whose needs ran: its contexts (environment secrets and variables
// over the repository's, `needs`), its `if:`, then its steps.
async function runOneJob(
  setup: RunSetup,
  jobs: Readonly<Record<string, JobRun>>,
  id: string
): Promise<JobRun> {
  const { workflow, options, contexts: base } = setup
  const job = workflow.jobs[id]
  if (!job) throw new Error(`${workflow.file} has no job ${id}`)
  const missing = job.needs.filter(need => !jobs[need])
  if (missing.length > 0)
    throw new Error(`job ${id} needs ${missing.join(', ')}: run it first`)
  const needs = Object.fromEntries(
    job.needs.map(need => [
      need,
      { result: jobs[need]?.result, outputs: jobs[need]?.outputs ?? {} }
    ])
  )
  const scoped = job.environment
    ? options.environments?.[job.environment]
    : undefined
  const secrets = { ...base.secrets, ...scoped?.secrets }
  const contexts = {
    ...base,
    github: { ...base.github, job: id },
    secrets,
    vars: { ...base.vars, ...scoped?.vars },
    needs
  }
  const status = statusOfNeeds(job.needs.map(need => jobs[need]?.result))
  if (!evaluateCondition(job.if, { contexts, status }))
    return { id, result: 'skipped', steps: [], outputs: {}, log: '' }
  return runJobSteps({
    job,
    options: { ...options, secrets },
    contexts,
    github: { ...setup.github, job: id },
    env: setup.env,
    resolveAction: setup.resolveAction
  })
}

/** Opens a run and runs every job in `needs:` order. */
export async function runWorkflow(
  options: WorkflowRunOptions
): Promise<Readonly<Record<string, JobRun>>> {
  return (await openWorkflowRun(options)).runAll()
}

// success() in a job's `if:` means every needed job succeeded; a skipped
// one counts as not succeeded (GitHub then skips the job too).
function statusOfNeeds(
  results: ReadonlyArray<JobRun['result'] | undefined>
): JobStatus {
  if (results.includes('cancelled')) return 'cancelled'
  return results.every(result => result === 'success') ? 'success' : 'failure'
}

function ordered(workflow: Workflow): string[] {
  const order: string[] = []
  const visit = (id: string, path: readonly string[]): void => {
    if (order.includes(id)) return
    if (path.includes(id))
      throw new Error(`jobs need each other: ${[...path, id].join(' → ')}`)
    const job = workflow.jobs[id]
    if (!job) throw new Error(`${workflow.file}: no job ${id} to need`)
    for (const need of job.needs) visit(need, [...path, id])
    order.push(id)
  }
  for (const id of Object.keys(workflow.jobs)) visit(id, [])
  return order
}

// workflow_dispatch inputs as the `inputs` context types them; other
// events have none.
function dispatchInputs(
  workflow: Workflow,
  options: WorkflowRunOptions
): Record<string, unknown> {
  if (options.event.name !== 'workflow_dispatch') return {}
  const payload = options.event.payload as { inputs?: unknown } | undefined
  const given = {
    ...(payload?.inputs as Record<string, unknown> | undefined),
    ...options.inputs
  }
  const unexpected = Object.keys(given).filter(
    name => !Object.hasOwn(workflow.dispatchInputs, name)
  )
  // GitHub refuses the dispatch: 422 Unexpected inputs provided.
  if (unexpected.length > 0)
    throw new Error(`unexpected workflow_dispatch inputs: ${unexpected}`)
  const inputs: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(workflow.dispatchInputs)) {
    const value = given[name] ?? spec.default
    if (value === undefined || value === '') {
      if (spec.required)
        throw new Error(`workflow_dispatch input ${name} is required`)
      inputs[name] = spec.type === 'boolean' ? false : ''
      continue
    }
    inputs[name] =
      spec.type === 'boolean'
        ? value === true || value === 'true'
        : spec.type === 'number'
          ? Number(value)
          : String(value)
  }
  return inputs
}
