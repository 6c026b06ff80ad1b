import { createGitRepo, startEmulator } from '@rehearse/bench'
import type { Emulator, GitRepo } from '@rehearse/bench'
import { expect } from '@jest/globals'
import { createOctokit } from '@rehearse/github'
import type { GitHubOctokit } from '@rehearse/github'

export const OWNER = 'acme'
export const REPO = 'widgets'

/** The REST emulator over a real git repository, for the GitHub adapters. */
export interface GitHubBench {
  readonly gh: Emulator
  /** Commits made here are known to the emulator (deployments need them). */
  readonly repo: GitRepo
  /** Everything the adapters logged as a warning. */
  readonly warnings: string[]
  octokit(): GitHubOctokit
  /** Every request and response matched GitHub's OpenAPI description. */
  expectClean(): void
  close(): Promise<void>
}

export async function startGitHub(): Promise<GitHubBench> {
  const repo = await createGitRepo()
  await repo.commit({ files: { 'README.md': '# widgets\n' }, message: 'init' })
  const gh = await startEmulator({ owner: OWNER, repo: REPO, gitDir: repo.dir })
  const warnings: string[] = []
  return {
    gh,
    repo,
    warnings,
    octokit: () =>
      createOctokit({
        token: 'test',
        baseUrl: gh.url,
        // Writes stay serialized but are not spaced a second apart.
        env: {},
        logger: { warning: message => warnings.push(message) }
      }),
    expectClean: () => {
      expect(gh.violations).toEqual([])
      expect(gh.unknownRoutes).toEqual([])
    },
    close: async () => {
      await gh.close()
      await repo.dispose()
    }
  }
}
