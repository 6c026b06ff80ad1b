import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { loadActionManifest, type ActionManifest } from './action-manifest.js'
import { skipped, summarize } from './action-result.js'
import { JobCancellation, RUNNER_KILL_GRACE } from './cancel.js'
import { CommandProcessor } from './command-processor.js'
import {
  composeEnv,
  resolveGitHub,
  runnerVariables,
  type ResolvedGitHub,
  type StepEnvExtras
} from './environment.js'
import { evaluateStatusCondition } from './expressions.js'
import { resolveInputs } from './inputs.js'
import { runStep, type StepSpec } from './run-step.js'
import { SecretMasker } from './secret-masker.js'
import type {
  JobStatus,
  RunActionOptions,
  RunActionResult,
  StepResult
} from './types.js'

const DEFAULT_TIMEOUT_MS = 60_000

interface Job {
  root: string
  manifest: ActionManifest
  github: ResolvedGitHub
  processor: CommandProcessor
  cancellation: JobCancellation
  /** The full environment of a step, given what earlier steps left. */
  env: (extras: StepEnvExtras) => Record<string, string>
  spec: Omit<StepSpec, 'record' | 'script' | 'env' | 'stopOnCancel'>
}

/** An action whose main has run; its post waits for {@link finish}. */
export interface StartedAction {
  /** Main's result: its outputs are what later steps of the job read. */
  readonly main: StepResult
  /**
   * Runs post when `post-if` allows, given the job's status at the end of
   * the job (default: main's own), then removes the temp dirs. Call it
   * exactly once, also when a later step failed.
   */
  finish(jobStatus?: JobStatus): Promise<RunActionResult>
}

/**
 * Runs a JavaScript action's `runs.main`, then its `runs.post` when
 * `post-if` allows, as child processes set up the way the GitHub Actions
 * runner sets them up. Throws only for a broken setup (bad action.yml,
 * unsupported default expression, node that cannot start); what the action
 * does is reported in the result.
 */
export async function runAction(
  options: RunActionOptions
): Promise<RunActionResult> {
  return (await startAction(options)).finish()
}

// Every action run by the test suite is scanned: a secret in an output,
// the state, the summary as written or encoded in the log fails the test.
function failOnLeaks(result: RunActionResult, actionDir: string) {
  const leaks = [result.main, result.post].flatMap(step =>
    (step?.secretLeaks ?? []).map(leak => `${step?.stage}: ${leak}`)
  )
  if (leaks.length > 0)
    throw new Error(
      `secret leak in ${path.basename(actionDir)}: ${leaks.join('; ')}`
    )
  return result
}

/**
 * Runs only the action's main, for a job of several steps: the runner runs
 * every step's main first, then the posts in reverse order at the job's
 * end (see {@link StartedAction.finish}).
 */
export async function startAction(
  options: RunActionOptions
): Promise<StartedAction> {
  const job = await prepareJob(options)
  const dispose = async (): Promise<void> => {
    job.cancellation.dispose()
    if (!options.keepTemp) await rm(job.root, { recursive: true, force: true })
  }
  let begun: Begun
  try {
    begun = await runMain(job, options)
  } catch (error) {
    await dispose()
    throw error
  }
  let finished = false
  return {
    main: begun.main,
    finish: async status => {
      if (finished) throw new Error('finish() was already called')
      finished = true
      try {
        const result = await runPost(job, options, begun, status)
        return options.scanSecrets === false
          ? result
          : failOnLeaks(result, options.actionDir)
      } finally {
        await dispose()
      }
    }
  }
}

interface Begun {
  main: StepResult
  /** Post's environment; undefined when main never started. */
  envAfter?: (previous?: StepResult) => Record<string, string>
}

async function runMain(job: Job, options: RunActionOptions): Promise<Begun> {
  const { manifest, processor, cancellation } = job
  // A post-if the bench cannot evaluate must fail before anything runs.
  if (manifest.post) evaluateStatusCondition(manifest.postIf, 'success')
  const record = processor.newStep('main')
  const inputs = resolveInputs(manifest, options.inputs ?? {}, job.github)
  for (const warning of inputs.warnings) {
    processor.addIssue(record, 'warning', warning, {}, 'setup')
  }
  // Post sees what main exported, added to PATH and saved as state.
  const envAfter = (previous?: StepResult): Record<string, string> =>
    job.env({
      inputs: inputs.variables,
      globalEnv: previous?.env ?? {},
      prependPath: previous?.path ?? [],
      state: previous?.state ?? {}
    })
  if (cancellation.cancelled) return { main: skipped('main') }
  const main = await runStep({
    ...job.spec,
    record,
    script: manifest.main,
    env: envAfter(),
    stopOnCancel: () => true,
    onLine: cancellation.armForMain()
  })
  return { main, envAfter }
}

async function runPost(
  job: Job,
  options: RunActionOptions,
  { main, envAfter }: Begun,
  status: JobStatus | undefined
): Promise<RunActionResult> {
  const { manifest, processor } = job
  const done = (post?: StepResult) =>
    summarize(main, post, {
      cancelled: job.cancellation.cancelled,
      tempDir: options.keepTemp ? job.root : undefined
    })
  if (!manifest.post || !envAfter) return done()
  const condition = manifest.postIf
  const jobStatusNow = job.cancellation.cancelled
    ? 'cancelled'
    : (status ?? mainStatus(main))
  if (!evaluateStatusCondition(condition, jobStatusNow)) {
    return done(skipped('post'))
  }
  const post = await runStep({
    ...job.spec,
    record: processor.newStep('post'),
    script: manifest.post,
    env: envAfter(main),
    // Like the runner, re-check the condition: always() keeps running.
    stopOnCancel: () => !evaluateStatusCondition(condition, 'cancelled')
  })
  return done(post)
}

async function prepareJob(options: RunActionOptions): Promise<Job> {
  const manifest = await loadActionManifest(options.actionDir)
  const root = await mkdtemp(path.join(os.tmpdir(), 'rehearse-job-'))
  const event = options.event ?? { name: 'push', payload: {} }
  const repository = options.github?.repository ?? 'acme/widgets'
  const repoName = repository.split('/')[1] ?? 'repo'
  const workspace =
    options.github?.workspace ?? path.join(root, 'work', repoName, repoName)
  const dirs = {
    home: path.join(root, 'home'),
    temp: path.join(root, 'temp'),
    toolCache: path.join(root, 'toolcache')
  }
  const commandDir = path.join(dirs.temp, '_runner_file_commands')
  const eventPath = path.join(dirs.temp, '_github_workflow', 'event.json')
  for (const dir of [...Object.values(dirs), commandDir, workspace]) {
    await mkdir(dir, { recursive: true })
  }
  await mkdir(path.dirname(eventPath), { recursive: true })
  await writeFile(eventPath, JSON.stringify(event.payload ?? {}, null, 2))
  const github = resolveGitHub(
    { action: `__${path.basename(manifest.dir)}`, ...options.github },
    { eventName: event.name, eventPath, workspace, payload: event.payload }
  )
  const masker = new SecretMasker()
  // The runner registers the job token as a secret before any step runs.
  masker.add(github.token)
  for (const secret of options.secrets ?? []) masker.add(secret)
  const stepEnv = options.env ?? {}
  const processor = new CommandProcessor({
    masker,
    debug: options.debug ?? false,
    workspace,
    allowUnsecureCommands: stepEnv['ACTIONS_ALLOW_UNSECURE_COMMANDS'] === 'true'
  })
  const cancellation = new JobCancellation(options.cancel)
  const runnerVars = runnerVariables(
    github,
    dirs,
    manifest.dir,
    options.debug ?? false
  )
  const env = (extras: StepEnvExtras): Record<string, string> =>
    composeEnv(dirs.home, stepEnv, extras, runnerVars)
  return {
    ...{ root, manifest, github, processor, cancellation, env },
    spec: {
      node: options.node ?? process.env['ACTION_NODE'] ?? process.execPath,
      cwd: options.cwd ?? workspace,
      commandDir,
      processor,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      grace: { ...RUNNER_KILL_GRACE, ...options.killGraceMs },
      cancellation
    }
  }
}

function mainStatus(main: StepResult): JobStatus {
  return main.outcome === 'success' ? 'success' : 'failure'
}
