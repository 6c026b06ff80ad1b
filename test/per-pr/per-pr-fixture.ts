import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createGitRepo,
  pullRequestEvent,
  runAction,
  startEmulator
} from '@rehearse/bench'
import type { Emulator, GitRepo, RunActionResult } from '@rehearse/bench'
import { SCRIPTS, root } from '../actions/pipeline-fixture.js'

/** A plan with the per-PR environment `preview`, without teardown steps. */
export const PER_PR_PLAN = `version: 1
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
  preview:
    per-pr: true
    url: https://pr-\${{ pr }}.preview.example.com
    env: { REPLICAS: "1", LOG_LEVEL: debug, DATABASE: "preview_\${{ pr }}" }
    max-idle-days: 3
  production:
    url: https://example.com
    env: { REPLICAS: "6", LOG_LEVEL: debug }
    requires: [staging]
parity:
  allow-differences: [REPLICAS]
`

/** The same plan with a teardown step that appends one line to $TEARDOWN_LOG. */
export const TEARDOWN_PLAN = PER_PR_PLAN.replace(
  'environments:\n',
  `teardown:
  - name: Remove the preview
    run: ./deploy/teardown.sh
environments:
`
)

const TEARDOWN_SCRIPT =
  '#!/usr/bin/env bash\necho "$REHEARSE_ENVIRONMENT $REHEARSE_SHA $REHEARSE_URL $DATABASE" >> "$TEARDOWN_LOG"\n'

/** Pull requests on the emulator, each deployed to its own preview. */
export interface PerPrBench {
  readonly repo: GitRepo
  readonly gh: Emulator
  /** A branch `pr-<n>` with one commit of its own, seeded as pull request n. */
  openPull(number: number): Promise<string>
  /** A new commit on the pull request's branch (a push to it). */
  push(number: number): Promise<string>
  /** deploy-to-staging to `preview` on a pull_request event, at `sha`. */
  deploy(number: number, sha: string): Promise<RunActionResult>
  /** `mode: teardown` on a pull_request closed event, in main's checkout. */
  teardown(number: number, environment?: string): Promise<RunActionResult>
  /** `mode: teardown-idle` on a schedule event, in main's checkout. */
  teardownIdle(): Promise<RunActionResult>
  /** The lines the teardown script wrote, in order. */
  teardowns(): Promise<string[]>
  close(): Promise<void>
}

let nextRun = 7000

export async function startPerPrBench(): Promise<PerPrBench> {
  const repo = await createGitRepo()
  const files = {
    '.github/rehearse.yml': TEARDOWN_PLAN,
    ...SCRIPTS,
    'deploy/teardown.sh': TEARDOWN_SCRIPT
  }
  await repo.commit({ files, message: 'release 1' })
  for (const script of [...Object.keys(SCRIPTS), 'deploy/teardown.sh'])
    await chmod(join(repo.dir, script), 0o755)
  await repo.git('add', '-A')
  await repo.git('commit', '-q', '--amend', '--no-edit')
  const mainSha = await repo.head()
  const gh = await startEmulator({
    owner: 'acme',
    repo: 'widgets',
    gitDir: repo.dir
  })
  const tmp = await mkdtemp(join(tmpdir(), 'rehearse-per-pr-'))
  const log = join(tmp, 'teardown.log')
  const heads = new Map<number, string>()

  const run = (
    sha: string,
    inputs: Record<string, string>,
    event: { name: string; payload: unknown }
  ) =>
    runAction({
      actionDir: join(root, 'actions', 'deploy-to-staging'),
      inputs,
      timeoutMs: 60_000,
      event,
      github: {
        apiUrl: gh.url,
        workspace: repo.dir,
        sha,
        runId: ++nextRun
      },
      env: { TEARDOWN_LOG: log }
    })
  const inCheckout = async <T>(sha: string, body: () => Promise<T>) => {
    await repo.git('checkout', '-q', '--detach', sha)
    try {
      return await body()
    } finally {
      await repo.checkout('main')
    }
  }
  const pullEvent = (number: number, action: string) => ({
    name: 'pull_request',
    payload: pullRequestEvent({
      action,
      number,
      headRef: `pr-${number}`,
      headSha: heads.get(number) ?? mainSha
    })
  })
  const commitOn = async (number: number, message: string) => {
    await repo.checkout(`pr-${number}`)
    const sha = await repo.commit({
      files: { [`pr-${number}.txt`]: `${message}\n` },
      message
    })
    await repo.checkout('main')
    await gh.syncRefsFromGit()
    heads.set(number, sha)
    gh.seedPull({ number, head: { ref: `pr-${number}`, sha } })
    return sha
  }

  return {
    repo,
    gh,
    openPull: async number => {
      await repo.branch(`pr-${number}`)
      return commitOn(number, `pull request ${number}`)
    },
    push: number => commitOn(number, `more on ${number}`),
    deploy: (number, sha) =>
      inCheckout(sha, () =>
        run(sha, { environment: 'preview' }, pullEvent(number, 'synchronize'))
      ),
    teardown: (number, environment = 'preview') =>
      run(
        mainSha,
        { environment, mode: 'teardown' },
        pullEvent(number, 'closed')
      ),
    teardownIdle: () =>
      run(
        mainSha,
        { environment: 'preview', mode: 'teardown-idle' },
        { name: 'schedule', payload: { schedule: '17 3 * * *' } }
      ),
    teardowns: async () =>
      (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean),
    close: async () => {
      await gh.close()
      await repo.dispose()
      await rm(tmp, { recursive: true, force: true })
    }
  }
}
