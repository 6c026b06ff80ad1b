import { expect } from '@jest/globals'
import { join } from 'node:path'
import {
  issueCommentCreated,
  pushEvent,
  startEmulator,
  type IssueCommentPayload
} from '@rehearse/bench'
import type { Emulator, JobRun, WorkflowRunOptions } from '@rehearse/bench'
import { assertPortsFree } from '../../packages/cli/src/demo/demo-processes.js'
import { createDemoRepo, rehearse, root } from './demo-fixture.js'
import type { DemoPorts, DemoRepo } from './demo-fixture.js'
import { heldLockRefs } from '../support/index.js'

const EXAMPLES = join(root, 'workflows-examples')

/** A demo repository on the emulator, where example workflows run. */
export interface Scenario {
  demo: DemoRepo
  gh: Emulator
  /**
   * Options of a run of workflows-examples/`file` in this repository:
   * a push of main unless `more` says otherwise.
   */
  options(file: string, more?: Partial<WorkflowRunOptions>): WorkflowRunOptions
  /** Checks the run left no lock and stops the apps; then removes all. */
  close(): Promise<void>
}

/**
 * A fresh demo repository and emulator. Each environment's DATABASE_URL
 * is a secret of that environment, as a user would configure it.
 */
export async function startScenario(
  ports: DemoPorts,
  databases: { staging: string; production?: string }
): Promise<Scenario> {
  const demo = await createDemoRepo(ports)
  const gh = await startEmulator({
    owner: 'acme',
    repo: 'widgets',
    gitDir: demo.dir,
    collaborators: { alice: 'write' }
  })
  const secret = (url: string) => ({ secrets: { DATABASE_URL: url } })
  const environments = {
    staging: secret(databases.staging),
    ...(databases.production
      ? { production: secret(databases.production) }
      : {})
  }
  return {
    demo,
    gh,
    options: (file, more = {}) => ({
      file: join(EXAMPLES, file),
      workspace: demo.dir,
      event: { name: 'push', payload: pushEvent({ sha: demo.sha }) },
      environments,
      env: {},
      stepTimeoutMs: 60_000,
      ...more,
      github: {
        apiUrl: gh.url,
        repository: 'acme/widgets',
        sha: demo.sha,
        ref: 'refs/heads/main',
        ...more.github
      }
    }),
    close: async () => {
      try {
        expect(gh.violations).toEqual([])
        // Every post step ran: no lock branch is left behind.
        expect(heldLockRefs(gh)).toEqual([])
        await stopApps(demo, ports)
      } finally {
        await demo.dispose()
        await gh.close()
      }
    }
  }
}

/**
 * The demo's apps run detached from the steps that started them: stops
 * them by their pid files, and checks that the ports are free again.
 */
export async function stopApps(
  demo: DemoRepo,
  ports: DemoPorts
): Promise<void> {
  expect((await demo.stopApps()).length).toBeGreaterThan(0)
  await assertPortsFree([ports.staging, ports.production])
}

/** Fails with the job's log unless the job ended as expected. */
export function expectJob(
  job: JobRun | undefined,
  result: JobRun['result']
): void {
  if (job?.result !== result)
    throw new Error(
      `job ${job?.id}: ${job?.result}, not ${result}\n${job?.log}`
    )
}

/** Runs the CLI; fails with its output unless it exits 0. */
export async function expectCli(
  args: string[],
  demo: DemoRepo,
  env: Record<string, string>
): Promise<void> {
  const run = await rehearse(args, demo.dir, env)
  if (run.code !== 0)
    throw new Error(`rehearse ${args.join(' ')}: ${run.code}\n${run.output}`)
}

/**
 * Pull request #42 from `feature` with green CI, and alice's new comment
 * on it: the issue_comment payload GitHub would send now.
 */
export async function commentOnPull(
  gh: Emulator,
  headSha: string,
  body: string
): Promise<IssueCommentPayload> {
  gh.seedPull({ number: 42, head: { ref: 'feature', sha: headSha } })
  const response = await fetch(`${gh.url}/repos/acme/widgets/check-runs`, {
    method: 'POST',
    headers: { authorization: 'token ci', 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'build',
      head_sha: headSha,
      status: 'completed',
      conclusion: 'success'
    })
  })
  expect(response.status).toBe(201)
  // GitHub stamps a new comment with its time, in whole seconds.
  const createdAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  const payload = issueCommentCreated({
    body,
    login: 'alice',
    prNumber: 42,
    commentId: 4242
  })
  Object.assign(payload.comment, {
    created_at: createdAt,
    updated_at: createdAt
  })
  gh.seedComment({ id: 4242, issueNumber: 42, body, user: 'alice', createdAt })
  return payload
}
