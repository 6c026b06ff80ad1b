import { readFile } from 'node:fs/promises'
import { parse } from 'yaml'

/** One step of a job, as the workflow file writes it. */
export interface WorkflowStep {
  /** 1-based position in the job, for messages and logs. */
  readonly index: number
  readonly id?: string
  readonly name?: string
  /** `if:` as written (string or boolean); absent means success(). */
  readonly if?: unknown
  readonly uses?: string
  readonly run?: string
  /** `with:` values as text (YAML scalars as the runner reads them). */
  readonly with: Readonly<Record<string, string>>
  readonly env: Readonly<Record<string, string>>
  readonly shell?: string
  readonly workingDirectory?: string
  readonly timeoutMinutes?: number
  readonly continueOnError: boolean
}

/** One job of the workflow. */
export interface WorkflowJob {
  readonly id: string
  readonly needs: readonly string[]
  readonly if?: unknown
  readonly env: Readonly<Record<string, string>>
  readonly outputs: Readonly<Record<string, string>>
  /** `environment.name`, when the job has one. */
  readonly environment?: string
  readonly steps: readonly WorkflowStep[]
}

/** A `workflow_dispatch` input's declaration. */
export interface DispatchInput {
  readonly type: string
  readonly required: boolean
  readonly default?: unknown
}

/** What the bench runs of a workflow file. */
export interface Workflow {
  readonly file: string
  readonly name: string
  /** Event names under `on:`. */
  readonly events: readonly string[]
  readonly dispatchInputs: Readonly<Record<string, DispatchInput>>
  readonly env: Readonly<Record<string, string>>
  readonly jobs: Readonly<Record<string, WorkflowJob>>
}

// Keys the bench understands or may ignore without changing what steps do
// (runs-on, permissions, concurrency, timeout-minutes of a job). Anything
// else (matrix, services, containers, reusable workflows, defaults) is
// refused rather than run differently from the runner.
const JOB_KEYS = new Set([
  'name',
  'needs',
  'if',
  'runs-on',
  'timeout-minutes',
  'environment',
  'permissions',
  'concurrency',
  'env',
  'outputs',
  'steps'
])
const STEP_KEYS = new Set([
  'id',
  'name',
  'if',
  'uses',
  'run',
  'with',
  'env',
  'shell',
  'working-directory',
  'timeout-minutes',
  'continue-on-error'
])

type Mapping = Record<string, unknown>

const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Reads a workflow file and checks that the bench can run it faithfully. */
export async function loadWorkflow(file: string): Promise<Workflow> {
  const document: unknown = parse(await readFile(file, 'utf8'))
  const fail = (why: string): never => {
    throw new Error(`${file}: ${why}`)
  }
  if (!isMapping(document)) return fail('not a YAML mapping')
  const on = document['on']
  const events =
    typeof on === 'string'
      ? [on]
      : Array.isArray(on)
        ? on.map(String)
        : isMapping(on)
          ? Object.keys(on)
          : fail('"on" is missing')
  const dispatch = isMapping(on) ? on['workflow_dispatch'] : undefined
  const jobs = document['jobs']
  if (!isMapping(jobs)) return fail('"jobs" is missing')
  return {
    file,
    name: typeof document['name'] === 'string' ? document['name'] : file,
    events,
    dispatchInputs: readDispatchInputs(dispatch),
    env: texts(document['env']),
    jobs: Object.fromEntries(
      Object.entries(jobs).map(([id, job]) => [id, readJob(id, job, fail)])
    )
  }
}

function readJob(
  id: string,
  job: unknown,
  fail: (why: string) => never
): WorkflowJob {
  if (!isMapping(job)) return fail(`job ${id} is not a mapping`)
  const unknown = Object.keys(job).filter(key => !JOB_KEYS.has(key))
  if (unknown.length > 0)
    fail(`job ${id}: the bench does not run ${unknown.join(', ')}`)
  const environment = job['environment']
  // A job environment makes GitHub create its own Deployment, which the
  // emulator would never see; the examples opt out with deployment: false.
  if (environment !== undefined) {
    if (!isMapping(environment) || environment['deployment'] !== false)
      fail(
        `job ${id}: an environment without "deployment: false" makes GitHub create a Deployment the bench cannot emulate`
      )
  }
  const needs = job['needs']
  const steps = job['steps']
  if (!Array.isArray(steps)) return fail(`job ${id} has no steps`)
  return {
    id,
    needs: needs === undefined ? [] : [needs].flat().map(String),
    if: job['if'],
    env: texts(job['env']),
    outputs: texts(job['outputs']),
    ...(isMapping(environment) && typeof environment['name'] === 'string'
      ? { environment: environment['name'] }
      : {}),
    steps: steps.map((step, index) =>
      readStep(step, index + 1, (why: string) =>
        fail(`job ${id}, step ${index + 1}: ${why}`)
      )
    )
  }
}

function readStep(
  step: unknown,
  index: number,
  fail: (why: string) => never
): WorkflowStep {
  if (!isMapping(step)) return fail('not a mapping')
  const unknown = Object.keys(step).filter(key => !STEP_KEYS.has(key))
  if (unknown.length > 0) fail(`the bench does not run ${unknown.join(', ')}`)
  const uses = optionalText(step['uses'])
  const run = optionalText(step['run'])
  if ((uses === undefined) === (run === undefined))
    fail('a step has exactly one of "uses" and "run"')
  const timeout = step['timeout-minutes']
  const continueOnError = step['continue-on-error'] ?? false
  if (typeof continueOnError !== 'boolean')
    fail('continue-on-error must be true or false (expressions unsupported)')
  return {
    index,
    ...definedOnly({
      id: optionalText(step['id']),
      name: optionalText(step['name']),
      uses,
      run,
      shell: optionalText(step['shell']),
      workingDirectory: optionalText(step['working-directory']),
      timeoutMinutes: typeof timeout === 'number' ? timeout : undefined
    }),
    if: step['if'],
    with: texts(step['with']),
    env: texts(step['env']),
    continueOnError: continueOnError === true
  }
}

function readDispatchInputs(dispatch: unknown): Record<string, DispatchInput> {
  const inputs = isMapping(dispatch) ? dispatch['inputs'] : undefined
  if (!isMapping(inputs)) return {}
  return Object.fromEntries(
    Object.entries(inputs).map(([name, spec]) => {
      const declared = isMapping(spec) ? spec : {}
      return [
        name,
        {
          type: optionalText(declared['type']) ?? 'string',
          required: declared['required'] === true,
          ...('default' in declared ? { default: declared['default'] } : {})
        }
      ]
    })
  )
}

// The runner reads `with:` and `env:` scalars as text: false → 'false'.
function texts(value: unknown): Record<string, string> {
  if (!isMapping(value)) return {}
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, String(item ?? '')])
  )
}

function optionalText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value)
}

function definedOnly<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined)
  ) as Partial<T>
}
