import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { loadActionManifest, type ActionManifest } from './action-manifest.js'
import { JobCancellation, RUNNER_KILL_GRACE } from './cancel.js'
import { CommandProcessor } from './command-processor.js'
import {
  resolveGitHub,
  runnerVariables,
  type ResolvedGitHub
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
  env: (extras: StepExtras) => Record<string, string>
  spec: Omit<StepSpec, 'record' | 'script' | 'env' | 'stopOnCancel'>
}

interface StepExtras {
  inputs: Record<string, string>
  globalEnv: Record<string, string>
  prependPath: string[]
  state: Record<string, string>
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
  const job = await prepareJob(options)
  try {
    return await runJob(job, options)
  } finally {
    job.cancellation.dispose()
    if (!options.keepTemp) await rm(job.root, { recursive: true, force: true })
  }
}

async function runJob(
  job: Job,
  options: RunActionOptions
): Promise<RunActionResult> {
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
  if (cancellation.cancelled) {
    return summarize(job, options, skipped('main'), undefined)
  }
  const main = await runStep({
    ...job.spec,
    record,
    script: manifest.main,
    env: envAfter(),
    stopOnCancel: () => true,
    onLine: cancellation.armForMain()
  })
  if (!manifest.post) return summarize(job, options, main, undefined)
  const condition = manifest.postIf
  if (!evaluateStatusCondition(condition, jobStatus(job, main))) {
    return summarize(job, options, main, skipped('post'))
  }
  const post = await runStep({
    ...job.spec,
    record: processor.newStep('post'),
    script: manifest.post,
    env: envAfter(main),
    // Like the runner, re-check the condition: always() keeps running.
    stopOnCancel: () => !evaluateStatusCondition(condition, 'cancelled')
  })
  return summarize(job, options, main, post)
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
  const env = (extras: StepExtras): Record<string, string> =>
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

/**
 * A fresh environment in the runner's order: base (PATH, HOME), variables
 * exported by earlier steps, the step's `env:`, `INPUT_*`, the PATH
 * additions, and last the runner's own variables, which nothing overrides.
 */
function composeEnv(
  home: string,
  stepEnv: Record<string, string>,
  extras: StepExtras,
  runnerVars: Record<string, string>
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    ...extras.globalEnv,
    ...stepEnv,
    ...extras.inputs
  }
  for (const [name, value] of Object.entries(extras.state)) {
    env[`STATE_${name}`] = value
  }
  if (extras.prependPath.length > 0) {
    // The most recently added directory comes first, as on the runner.
    const added = [...extras.prependPath].reverse()
    env['PATH'] = [...added, env['PATH']].join(path.delimiter)
  }
  return { ...env, ...runnerVars }
}

function jobStatus(job: Job, main: StepResult): JobStatus {
  if (job.cancellation.cancelled) return 'cancelled'
  return main.outcome === 'success' ? 'success' : 'failure'
}

function skipped(stage: StepResult['stage']): StepResult {
  return {
    ...{ stage, outcome: 'skipped', exitCode: null, signal: null },
    ...{ stdout: '', stderr: '', log: '', annotations: [], outputs: {} },
    ...{ state: {}, env: {}, path: [], summary: '', durationMs: 0 },
    ...{ signalsSent: [], timedOut: false }
  }
}

function summarize(
  job: Job,
  options: RunActionOptions,
  main: StepResult,
  post: StepResult | undefined
): RunActionResult {
  const steps = post ? [main, post] : [main]
  const cancelled = job.cancellation.cancelled
  const failed = steps.some(step => step.outcome === 'failure')
  return {
    main,
    post,
    outputs: main.outputs,
    state: main.state,
    env: Object.assign({}, ...steps.map(step => step.env)),
    path: steps.flatMap(step => step.path),
    summary: steps.map(step => step.summary).join(''),
    annotations: steps.flatMap(step => step.annotations),
    log: steps
      .map(step => step.log)
      .filter(log => log !== '')
      .join('\n'),
    cancelled,
    conclusion: cancelled ? 'cancelled' : failed ? 'failure' : 'success',
    tempDir: options.keepTemp ? job.root : undefined
  }
}
