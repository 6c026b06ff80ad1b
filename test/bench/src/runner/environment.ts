import path from 'node:path'
import type { GitHubContextValues } from './expressions.js'
import type { GitHubOptions } from './types.js'

/** The emulated `github` context, every value final. */
export interface ResolvedGitHub extends GitHubContextValues {
  action: string
  event_path: string
  base_ref: string
  head_ref: string
}

/** The directories one emulated job lives in. */
export interface JobDirectories {
  home: string
  temp: string
  toolCache: string
}

const DEFAULT_SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246'

/** Fills the `github` context with the bench's defaults. */
export function resolveGitHub(
  options: GitHubOptions,
  context: {
    eventName: string
    eventPath: string
    workspace: string
    payload: unknown
  }
): ResolvedGitHub {
  const repository = options.repository ?? 'acme/widgets'
  const ref = options.ref ?? 'refs/heads/main'
  const apiUrl = trimSlash(options.apiUrl ?? 'https://api.github.com')
  return {
    token: options.token ?? 'ghs_rehearseBenchToken0000000000000000',
    sha: options.sha ?? DEFAULT_SHA,
    ref,
    ref_name: refName(ref),
    repository,
    repository_owner: repository.split('/')[0] ?? repository,
    actor: options.actor ?? 'octocat',
    run_id: String(options.runId ?? '1000000001'),
    run_number: String(options.runNumber ?? '1'),
    run_attempt: String(options.runAttempt ?? '1'),
    server_url: trimSlash(options.serverUrl ?? 'https://github.com'),
    api_url: apiUrl,
    graphql_url: options.graphqlUrl ?? graphqlUrl(apiUrl),
    workspace: context.workspace,
    event_name: context.eventName,
    job: options.job ?? 'rehearse',
    workflow: options.workflow ?? 'Rehearse',
    action: options.action ?? 'rehearse',
    event_path: context.eventPath,
    ...pullRequestRefs(
      ['pull_request', 'pull_request_target'].includes(context.eventName)
        ? context.payload
        : undefined
    )
  }
}

// Set (empty otherwise) only for pull_request and pull_request_target runs.
function pullRequestRefs(payload: unknown): {
  base_ref: string
  head_ref: string
} {
  const pr = (payload as { pull_request?: Record<string, unknown> } | null)
    ?.pull_request
  const ref = (side: unknown): string => {
    const value = (side as { ref?: unknown } | undefined)?.ref
    return typeof value === 'string' ? value : ''
  }
  return { base_ref: ref(pr?.['base']), head_ref: ref(pr?.['head']) }
}

// github.com serves GraphQL beside REST; GHES serves it at /api/graphql.
function graphqlUrl(apiUrl: string): string {
  return apiUrl.endsWith('/api/v3')
    ? `${apiUrl.slice(0, -'/v3'.length)}/graphql`
    : `${apiUrl}/graphql`
}

function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\//, '')
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

/**
 * The variables the runner derives from its contexts. They are applied
 * last, so a step's `env:` cannot override them, as on GitHub.
 */
export function runnerVariables(
  github: ResolvedGitHub,
  directories: JobDirectories,
  actionDir: string,
  debug: boolean
): Record<string, string> {
  const tag = github.ref.startsWith('refs/tags/')
  const variables: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    ...githubVariables(github),
    GITHUB_REF_TYPE: tag ? 'tag' : 'branch',
    GITHUB_ACTION_PATH: actionDir,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 1',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: directories.temp,
    RUNNER_TOOL_CACHE: directories.toolCache,
    RUNNER_WORKSPACE: path.dirname(github.workspace)
  }
  if (debug) variables['RUNNER_DEBUG'] = '1'
  return variables
}

function githubVariables(github: ResolvedGitHub): Record<string, string> {
  return {
    GITHUB_REPOSITORY: github.repository,
    GITHUB_REPOSITORY_OWNER: github.repository_owner,
    GITHUB_SHA: github.sha,
    GITHUB_REF: github.ref,
    GITHUB_REF_NAME: github.ref_name,
    GITHUB_EVENT_NAME: github.event_name,
    GITHUB_EVENT_PATH: github.event_path,
    GITHUB_ACTOR: github.actor,
    GITHUB_TRIGGERING_ACTOR: github.actor,
    GITHUB_RUN_ID: github.run_id,
    GITHUB_RUN_NUMBER: github.run_number,
    GITHUB_RUN_ATTEMPT: github.run_attempt,
    GITHUB_JOB: github.job,
    GITHUB_WORKFLOW: github.workflow,
    GITHUB_SERVER_URL: github.server_url,
    GITHUB_API_URL: github.api_url,
    GITHUB_GRAPHQL_URL: github.graphql_url,
    GITHUB_WORKSPACE: github.workspace,
    GITHUB_ACTION: github.action,
    GITHUB_BASE_REF: github.base_ref,
    GITHUB_HEAD_REF: github.head_ref,
    GITHUB_RETENTION_DAYS: '90'
  }
}

/** `INPUT_<NAME>`: upper-cased, spaces to `_`, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** What earlier steps (or main, for post) left for a step's environment. */
export interface StepEnvExtras {
  inputs: Record<string, string>
  globalEnv: Record<string, string>
  prependPath: string[]
  state: Record<string, string>
}

/**
 * A fresh environment in the runner's order: base (PATH, HOME), variables
 * exported by earlier steps, the step's `env:`, `INPUT_*`, the PATH
 * additions, and last the runner's own variables, which nothing overrides.
 */
export function composeEnv(
  home: string,
  stepEnv: Record<string, string>,
  extras: StepEnvExtras,
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
