import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createGitRepo, runAction, startEmulator } from '@rehearse/bench'
import type { Emulator, GitRepo, RunActionResult } from '@rehearse/bench'

export const root = join(import.meta.dirname, '..', '..')

export const PLAN = `version: 1
artifact: ghcr.io/acme/shop:\${{ sha }}
deploy:
  - name: Build
    run: ./deploy/build.sh
  - name: Apply
    run: ./deploy/apply.sh
    timeout-minutes: 1
environments:
  staging:
    url: https://staging.example.com
    env: { REPLICAS: "1", LOG_LEVEL: debug }
  production:
    url: https://example.com
    env: { REPLICAS: "6", LOG_LEVEL: debug }
    requires: [staging]
parity:
  allow-differences: [REPLICAS]
`

export const SCRIPTS = {
  'deploy/build.sh':
    '#!/usr/bin/env bash\necho "building $REHEARSE_ARTIFACT for $REHEARSE_ENVIRONMENT"\n',
  'deploy/apply.sh':
    '#!/usr/bin/env bash\necho "applying $REHEARSE_SHA with $REPLICAS replicas to $REHEARSE_URL"\n'
}

export interface Pipeline {
  repo: GitRepo
  gh: Emulator
  sha: string
  /** Runs an action of this repo's suite the way the runner does. */
  run(
    action: string,
    inputs?: Record<string, string>,
    extra?: Partial<Parameters<typeof runAction>[0]>
  ): Promise<RunActionResult>
  /** Commits changed files (modes kept) and makes the new HEAD `sha`. */
  commit(files: Record<string, string>, message: string): Promise<string>
  /** Requests that changed GitHub state. */
  writes(): { method: string; path: string }[]
  close(): Promise<void>
}

/** A real git repository with a plan, and the emulator serving it. */
export async function startPipeline(
  files: Record<string, string> = {}
): Promise<Pipeline> {
  const repo = await createGitRepo()
  await repo.commit({
    files: { '.github/rehearse.yml': PLAN, ...SCRIPTS, ...files },
    message: 'release 1'
  })
  for (const script of Object.keys(SCRIPTS))
    await chmod(join(repo.dir, script), 0o755)
  await repo.git('add', '-A')
  await repo.git('commit', '-q', '--amend', '--no-edit')
  const sha = await repo.head()
  const gh = await startEmulator({
    owner: 'acme',
    repo: 'widgets',
    gitDir: repo.dir
  })
  const pipeline: Pipeline = {
    repo,
    gh,
    sha,
    run: (action, inputs = {}, extra = {}) =>
      runAction({
        actionDir: join(root, 'actions', action),
        inputs,
        timeoutMs: 30_000,
        ...extra,
        github: {
          apiUrl: gh.url,
          workspace: repo.dir,
          sha: pipeline.sha,
          ...extra.github
        },
        env: { ...extra.env }
      }),
    commit: async (files, message) => {
      for (const [path, content] of Object.entries(files)) {
        await writeFile(join(repo.dir, path), content)
      }
      await repo.git('add', '-A')
      await repo.git('commit', '-q', '-m', message)
      pipeline.sha = await repo.head()
      await gh.syncRefsFromGit()
      return pipeline.sha
    },
    writes: () =>
      gh.requests
        .filter(r => r.method !== 'GET')
        .map(r => ({ method: r.method, path: r.path })),
    close: async () => {
      await gh.close()
      await repo.dispose()
    }
  }
  return pipeline
}
