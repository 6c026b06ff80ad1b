import type {
  Emulator,
  GitRepo,
  IssueCommentOptions,
  IssueCommentPayload,
  RunActionOptions,
  RunActionResult
} from '@rehearse/bench'

/** One comment and how it is run. */
export interface CommandRun {
  inputs?: Record<string, string>
  runId?: number
  extra?: Partial<RunActionOptions>
}

/** One job: pr-command, checkout of its sha, deploy-to-staging, then posts. */
export interface JobResult {
  command: RunActionResult
  deploy: RunActionResult | undefined
  post: RunActionResult
}

export interface PrFixture {
  repo: GitRepo
  gh: Emulator
  /** The default branch's head: what issue_comment workflows run on. */
  mainSha: string
  /** PR #42's head. */
  headSha: string
  /**
   * A real issue_comment payload, its comment seeded in the emulator,
   * written at `createdAt` (GitHub's time; default now).
   */
  comment(
    body: string,
    options?: Partial<IssueCommentOptions> & { createdAt?: string }
  ): IssueCommentPayload
  /** pr-command, main then post, as the runner runs one step. */
  command(
    payload: IssueCommentPayload,
    run?: CommandRun
  ): Promise<RunActionResult>
  /** pr-command's main only (its post comes later in the job). */
  commandMain(
    payload: IssueCommentPayload,
    run?: CommandRun
  ): Promise<RunActionResult>
  /** pr-command's post, with the state its main saved. */
  commandPost(main: RunActionResult, run?: CommandRun): Promise<RunActionResult>
  /** The comment-driven job of workflows-examples/pr-redeploy.yml. */
  job(
    payload: IssueCommentPayload,
    run?: CommandRun & { deploy?: Partial<RunActionOptions> }
  ): Promise<JobResult>
  /** Another action of the suite, in the default branch's checkout. */
  action(
    name: string,
    inputs?: Record<string, string>,
    extra?: Partial<RunActionOptions>
  ): Promise<RunActionResult>
  /** Reports a CI result for a SHA through the API. */
  ci(
    sha: string,
    name: string,
    conclusion: string | null,
    kind?: 'check' | 'status'
  ): Promise<void>
  /** A staging deployment of `sha` as a finished deploy leaves it. */
  deployed(sha: string, state: 'success' | 'failure'): Promise<void>
  /** The commit a lock branch points at, if the environment is locked. */
  lockRef(environment: string): string | undefined
  /** The bot's comments, oldest first. */
  comments(): { body: string; user: string; issueNumber: number }[]
  reactions(commentId: number): string[]
  /** Back to the state right after setup (PR, CI, no comments, no locks). */
  reset(): void
  close(): Promise<void>
}
