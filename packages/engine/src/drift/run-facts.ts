import { assertWithinBoundary } from '../boundary/describe-boundary.js'
import { environmentOf } from '../fingerprint/environment-of.js'
import { carriesCredentials, isSecretName } from '../parity/secrets.js'
import type { Plan, PlanEnvironment, PlanStep } from '../plan-types.js'
import type {
  DeploymentRecord,
  Ledger,
  ProcessResult,
  ProcessRunner,
  Reporter
} from '../ports.js'
import { releaseOf } from '../pipeline/release.js'
import { createLineBuffer } from '../run/line-buffer.js'
import { stepVariables } from '../run/step-variables.js'
import type { RunContext } from '../run/types.js'
import type { FactReading, FactReadings } from './types.js'

/** What reading facts needs: a subset of the pipeline's dependencies. */
export interface FactDeps {
  readonly ledger: Pick<Ledger, 'lastSuccessfulDeployment'>
  readonly runner: ProcessRunner
  readonly reporter: Reporter
  /** Variables every command inherits (PATH, HOME, secrets from the job). */
  readonly baseEnv: Readonly<Record<string, string>>
  readonly signal?: AbortSignal
}

/** An environment and the release it runs now (none: never deployed). */
export interface FactTarget {
  readonly environment: string
  readonly current: DeploymentRecord | undefined
}

/**
 * Runs every fact of the plan (`facts:`) against each environment, the way
 * a step runs there: in the workspace, with the environment's env and
 * REHEARSE_* variables for the release it runs now (its last successful
 * deployment). A fact's value is its command's last non-empty output line;
 * a command that fails is the fact `unknown (exit N)`. Facts of a
 * non-production environment pass the production boundary first.
 */
export async function runFacts(
  plan: Plan,
  environments: readonly string[],
  workspace: string,
  deps: FactDeps
): Promise<FactReadings> {
  if (plan.facts.length === 0) return {}
  const targets: FactTarget[] = []
  for (const environment of environments) {
    targets.push({
      environment,
      current: await deps.ledger.lastSuccessfulDeployment(environment)
    })
  }
  return readFacts(plan, targets, workspace, deps)
}

/** {@link runFacts} for environments whose current release is known. */
export async function readFacts(
  plan: Plan,
  targets: readonly FactTarget[],
  workspace: string,
  deps: FactDeps
): Promise<FactReadings> {
  const readings: Record<string, Record<string, FactReading>> = {}
  if (plan.facts.length === 0) return readings
  for (const { environment, current } of targets) {
    const target = environmentOf(plan, environment)
    if (!target.production) assertWithinBoundary(plan, environment)
    const context = contextOf(plan, target, workspace, current)
    for (const fact of plan.facts) {
      const reading = await readFact(fact, context, plan.artifact, deps)
      ;(readings[fact.name] ??= {})[environment] = reading
    }
  }
  return readings
}

function contextOf(
  plan: Plan,
  environment: PlanEnvironment,
  workspace: string,
  current: DeploymentRecord | undefined
): RunContext {
  const release = current ? releaseOf(current, plan.artifact) : undefined
  return {
    workspace,
    environment,
    sha: release?.sha ?? '',
    ref: release?.sha ?? '',
    previousSha: undefined,
    rehearsedSha: release?.rehearsedSha ?? '',
    artifact: release?.artifact ?? ''
  }
}

// Enough of a failing command's output to see why.
const MAX_SHOWN_LINES = 50

interface Attempt {
  readonly result?: ProcessResult
  readonly startError?: string
}

async function readFact(
  fact: PlanStep,
  context: RunContext,
  artifact: string | undefined,
  deps: FactDeps
): Promise<FactReading> {
  const env = { ...deps.baseEnv, ...stepVariables(context, artifact, {}) }
  const environment = context.environment.name
  // Output is shown only when the fact cannot be read: a value that turns
  // out to look secret must not have been printed already.
  const tail: string[] = []
  let last = ''
  const lines = createLineBuffer(line => {
    tail.push(line)
    if (tail.length > MAX_SHOWN_LINES) tail.shift()
    if (line.trim() !== '') last = line.trim()
  })
  let attempt: Attempt
  try {
    const result = await deps.runner.run(fact.run, {
      cwd: context.workspace,
      env,
      timeoutMs: Math.round(fact.timeoutMinutes * 60_000),
      signal: deps.signal,
      onOutput: lines.push
    })
    attempt = { result }
  } catch (error) {
    attempt = { startError: (error as Error).message }
  } finally {
    lines.flush()
  }
  const unknown = unknownReason(attempt)
  if (unknown !== undefined && tail.length > 0)
    await deps.reporter.group(
      `Output of fact ${fact.name} · ${environment}`,
      async () => tail.forEach(line => deps.reporter.info(line))
    )
  const value = unknown === undefined ? last : `unknown (${unknown})`
  const masked = unknown === undefined && looksSecret(fact.name, value, env)
  deps.reporter.info(
    `Fact "${fact.name}" in ${environment}: ${masked ? '•••' : value}`
  )
  return { fact: fact.name, environment, known: !unknown, value, masked }
}

function unknownReason({ result, startError }: Attempt): string | undefined {
  if (!result) return `could not start: ${startError ?? 'unknown error'}`
  if (result.cancelled) return 'cancelled'
  if (result.timedOut) return 'timed out'
  if (result.exitCode === null) return result.signal ?? 'killed'
  return result.exitCode === 0 ? undefined : `exit ${result.exitCode}`
}

// A fact's value lands in job summaries and an issue: hide what looks like
// a credential (by the fact's name, a URL with a password, or the value of
// a secret variable the command had), as parity does.
function looksSecret(
  name: string,
  value: string,
  env: Readonly<Record<string, string>>
): boolean {
  if (isSecretName(name) || carriesCredentials([value])) return true
  return Object.entries(env).some(
    ([variable, secret]) =>
      // Very short values would hide every fact that contains them.
      isSecretName(variable) && secret.length >= 4 && value.includes(secret)
  )
}
