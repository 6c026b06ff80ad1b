import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createGitRepo } from '../git/git-repo.js'
import { FaultQueue } from './faults.js'
import type { Fault, FaultPolicy, InjectedFault } from './faults.js'
import { GitObjects } from './git-objects.js'
import { loadOpenApi } from './openapi.js'
import type { OpenApi } from './openapi.js'
import type { RecordedRequest, Violation } from './records.js'
import { Router } from './router.js'
import { routes } from './routes/index.js'
import { recordPush } from './check-suites.js'
import {
  seedCheckSuite,
  seedComment,
  seedIssue,
  seedIssueEvent,
  seedPull
} from './seed.js'
import { seedHistory } from './seed-history.js'
import type { SeedHistoryInput } from './seed-history.js'
import type {
  SeedCheckSuiteInput,
  SeedCommentInput,
  SeedIssueEventInput,
  SeedIssueInput,
  SeedPullInput
} from './seed.js'
import { createListener } from './server.js'
import type { ServerContext } from './server.js'
import { createState } from './state.js'
import type {
  CheckSuiteRecord,
  CommentRecord,
  DeploymentRecord,
  EmulatorState,
  IssueEventRecord,
  IssueRecord,
  Permission,
  PullRecord
} from './state.js'
import { makeUrls } from './urls.js'

export type {
  Fault,
  FaultKind,
  FaultMatcher,
  FaultPolicy,
  FaultTarget,
  InjectedFault
} from './faults.js'
export type { RecordedRequest, Violation } from './records.js'
export type {
  SeedCheckSuiteInput,
  SeedCommentInput,
  SeedIssueEventInput,
  SeedIssueInput,
  SeedPullInput
} from './seed.js'
export { historySha } from './seed-history.js'
export type { SeedHistoryInput } from './seed-history.js'
export type * from './state.js'

/** How to start an emulator. */
export interface EmulatorOptions {
  owner: string
  repo: string
  /**
   * Git repository that commits, trees and comparisons are read from and
   * whose branches and tags seed the refs. Default: a throwaway repository
   * with one commit on the default branch, removed by close().
   */
  gitDir?: string
  /** Default main. */
  defaultBranch?: string
  /** login → role; the owner is admin unless listed. */
  collaborators?: Record<string, Permission>
  /**
   * token → login. When given, any other token is refused with 401 Bad
   * credentials; when omitted, every token is accepted as `defaultLogin`.
   */
  tokens?: Record<string, string>
  /** Login every token acts as when `tokens` is omitted (github-actions[bot]). */
  defaultLogin?: string
  /** retry-after of rate-limit faults, in seconds (default 1). */
  retryAfterSeconds?: number
  /** Base of html_url links (default https://github.com). */
  webUrl?: string
  /**
   * x-ratelimit-limit (default 5000); once used up, requests get GitHub's
   * primary rate-limit 403 until the emulator is restarted.
   */
  rateLimit?: number
  /**
   * Milliseconds every request waits before it is answered, like a
   * distant GitHub (default 0: loopback speed). See Emulator.setLatency.
   */
  latencyMs?: number
}

/** A running emulator. */
export interface Emulator {
  /** http://127.0.0.1:PORT, the baseUrl / GITHUB_API_URL to use. */
  readonly url: string
  readonly state: EmulatorState
  readonly gitDir: string
  readonly requests: RecordedRequest[]
  readonly unknownRoutes: RecordedRequest[]
  readonly violations: Violation[]
  /** Queues a fault; it hits the next `times` matching requests. */
  inject(fault: Fault): InjectedFault
  /** Faults not used up yet. */
  pendingFaults(): InjectedFault[]
  /** Clears the queued faults (not the policy). */
  clearFaults(): void
  /**
   * Decides a fault for every request no queued fault matches (e.g. a
   * seeded random campaign); undefined removes the policy.
   */
  setFaultPolicy(policy: FaultPolicy | undefined): void
  seedPull(input: SeedPullInput): PullRecord
  seedIssue(input?: SeedIssueInput): IssueRecord
  /** Adds a comment; give the payload's comment id so reactions find it. */
  seedComment(input: SeedCommentInput): CommentRecord
  /** Adds a check suite, e.g. with the time GitHub got a push. */
  seedCheckSuite(input: SeedCheckSuiteInput): CheckSuiteRecord
  /** Adds a timeline event such as `head_ref_force_pushed`. */
  seedIssueEvent(input: SeedIssueEventInput): IssueEventRecord
  /**
   * Writes past deployments of an environment into the state, with their
   * statuses, commit statuses and report check runs (no requests made).
   */
  seedHistory(input: SeedHistoryInput): DeploymentRecord[]
  /** Changes the delay every request waits before it is answered. */
  setLatency(ms: number): void
  setPermission(login: string, permission: Permission): void
  /**
   * Points a ref (refs/heads/x or heads/x) at a sha, like a push: a branch
   * head without a check suite gets one, created now.
   */
  setRef(ref: string, sha: string): void
  /**
   * Copies the git repository's branches and tags into the refs, like a
   * push; refs created through the API are kept, none are deleted. Each
   * moved or new branch head without a check suite gets one, created now
   * (at start too: the branches were pushed then).
   */
  syncRefsFromGit(): Promise<void>
  /** Recorded requests of one GitHub operation. */
  requestsFor(operationId: string): RecordedRequest[]
  close(): Promise<void>
}

function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`
}

async function gitSource(options: EmulatorOptions, branch: string) {
  if (options.gitDir)
    return { dir: options.gitDir, dispose: async () => undefined }
  const repo = await createGitRepo(undefined, { defaultBranch: branch })
  await repo.commit({
    files: { 'README.md': `# ${options.repo}\n` },
    message: 'Initial commit'
  })
  return { dir: repo.dir, dispose: () => repo.dispose() }
}

function serverContext(
  options: EmulatorOptions,
  openapi: OpenApi,
  git: GitObjects,
  branch: string
): ServerContext {
  const { tokens, defaultLogin = 'github-actions[bot]' } = options
  const web = options.webUrl ?? 'https://github.com'
  return {
    state: createState(
      options.owner,
      options.repo,
      branch,
      options.collaborators
    ),
    git,
    openapi,
    router: new Router(routes),
    faults: new FaultQueue(),
    // Replaced once the port is known.
    urls: makeUrls('http://127.0.0.1', web, options.owner, options.repo),
    records: { requests: [], unknownRoutes: [], violations: [] },
    authenticate: token => (tokens ? tokens[token] : defaultLogin),
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    latencyMs: options.latencyMs ?? 0,
    rateLimit: {
      limit: options.rateLimit ?? 5000,
      used: 0,
      reset: Math.floor(Date.now() / 1000) + 3600
    }
  }
}

async function listen(server: ServerContext, options: EmulatorOptions) {
  const http = createServer({ keepAliveTimeout: 1000 }, createListener(server))
  await new Promise<void>(resolve => http.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  const web = options.webUrl ?? 'https://github.com'
  server.urls = makeUrls(url, web, options.owner, options.repo)
  const close = async () => {
    http.closeAllConnections()
    await new Promise<void>(resolve => http.close(() => resolve()))
  }
  return { url, close }
}

/**
 * Starts a GitHub REST API emulator on 127.0.0.1 (random port) for one
 * repository. Requests and responses are checked against GitHub's OpenAPI
 * description; see {@link Emulator.violations}.
 */
export async function startEmulator(
  options: EmulatorOptions
): Promise<Emulator> {
  const branch = options.defaultBranch ?? 'main'
  const [openapi, source] = await Promise.all([
    loadOpenApi(),
    gitSource(options, branch)
  ])
  const git = new GitObjects(source.dir)
  const server = serverContext(options, openapi, git, branch)
  const { state, faults, records } = server
  const push = (ref: string, sha: string) => {
    recordPush(state, ref, sha, state.refs.get(ref))
    state.refs.set(ref, sha)
  }
  const syncRefsFromGit = async () => {
    for (const [ref, sha] of await git.refs()) push(ref, sha)
  }
  await syncRefsFromGit()
  const { url, close } = await listen(server, options)
  return {
    url,
    state,
    gitDir: source.dir,
    ...records,
    inject: fault => faults.add(fault),
    pendingFaults: () => faults.pending(),
    clearFaults: () => faults.clear(),
    setFaultPolicy: policy => faults.setPolicy(policy),
    seedPull: input => seedPull(state, input),
    seedIssue: input => seedIssue(state, input),
    seedComment: input => seedComment(state, input),
    seedCheckSuite: input => seedCheckSuite(state, input),
    seedIssueEvent: input => seedIssueEvent(state, input),
    seedHistory: input => seedHistory(state, input),
    setLatency: ms => void (server.latencyMs = Math.max(0, ms)),
    setPermission: (login, role) => void state.collaborators.set(login, role),
    setRef: (ref, sha) => push(fullRef(ref), sha),
    syncRefsFromGit,
    requestsFor: id => records.requests.filter(r => r.operationId === id),
    async close() {
      await close()
      await source.dispose()
    }
  }
}
