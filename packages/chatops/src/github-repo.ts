import type { Octokit } from '@octokit/rest'

/** The repository commands act on, and a client for it. */
export interface GitHubRepo {
  readonly octokit: Octokit
  readonly owner: string
  readonly repo: string
}
