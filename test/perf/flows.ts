// The two flows the bench and the call-count tests measure, on the GitHub
// emulator with seeded history: a `.deploy` comment (pr-command main →
// deploy-to-staging → pr-command post) and the push pipeline
// (deploy-to-staging, then promote-to-prod, whole plan).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RecordedRequest, RunActionResult } from '@rehearse/bench'
import { startPrFixture } from '../pr-command/fixture.js'
import type { PrFixture } from '../pr-command/fixture.js'
import { commitHistory } from './history.js'
import { scriptsFor } from '../strategies/scripts.js'
import { startStack } from '../strategies/stack.js'
import type { Stack } from '../strategies/stack.js'

/** What one step or flow asked of GitHub. */
export interface Calls {
  readonly total: number
  readonly writes: number
  /** By GitHub operation id, e.g. `repos/list-deployments ×2`. */
  readonly tally: string
}

/** A step of a flow: what it cost in calls and its processes' run time. */
export interface StepCost extends Calls {
  readonly name: string
  /** main + post process run time. */
  readonly ms: number
  /** Peak RSS of its processes, in bytes, when a probe measured it. */
  readonly rss?: number
}

/** A whole flow: its steps and the totals. */
export interface FlowCost extends Calls {
  readonly steps: readonly StepCost[]
  /** Wall time of the whole flow, checkouts between steps included. */
  readonly ms: number
  /** Time the user's own steps took (their scripts' own timing). */
  readonly userMs: number
}

export function countCalls(requests: readonly RecordedRequest[]): Calls {
  const counts = new Map<string, number>()
  for (const r of requests) {
    const id = r.operationId ?? `${r.method} ${r.path}`
    counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return {
    total: requests.length,
    writes: requests.filter(r => r.method !== 'GET').length,
    tally: [...counts]
      .map(([id, count]) => (count > 1 ? `${id} ×${count}` : id))
      .join(', ')
  }
}

interface Recorded {
  readonly requests: RecordedRequest[]
}

type Step = [name: string, run: () => Promise<RunActionResult>]

/** What a flow's actions run with: a Node binary, extra environment. */
export interface FlowExtra {
  readonly node?: string
  readonly env?: Record<string, string>
  /** Called after each step: the peak RSS of its processes. */
  readonly rss?: () => number
}

async function runSteps(
  gh: Recorded,
  steps: readonly Step[],
  userMs: () => Promise<number>,
  rss?: () => number
): Promise<FlowCost> {
  const flowStart = gh.requests.length
  const started = performance.now()
  const costs: StepCost[] = []
  for (const [name, step] of steps) {
    const before = gh.requests.length
    const result = await step()
    if (result.main.exitCode !== 0 || (result.post?.exitCode ?? 0) !== 0)
      throw new Error(`${name} failed:\n${result.log}`)
    costs.push({
      name,
      ms: result.main.durationMs + (result.post?.durationMs ?? 0),
      ...(rss ? { rss: rss() } : {}),
      ...countCalls(gh.requests.slice(before))
    })
  }
  const ms = performance.now() - started
  return {
    steps: costs,
    ms,
    userMs: await userMs(),
    ...countCalls(gh.requests.slice(flowStart))
  }
}

/** The PR fixture, with `history` past staging deployments. */
export async function startDeployFlow(history: number): Promise<PrFixture> {
  const f = await startPrFixture()
  // Past PR heads: real commits, kept on a branch of their own.
  const shas = commitHistory(f.repo.dir, history, 'history')
  f.gh.seedHistory({
    environment: 'staging',
    count: history,
    sha: i => shas[i] ?? '',
    stages: ['deploy'],
    reports: []
  })
  return f
}

let nextRun = 70_000

/**
 * Pushes a new head to PR #42 (its CI green), as happens before most
 * `.deploy` comments; the calls it takes are not the flow's.
 */
export async function pushHead(f: PrFixture): Promise<string> {
  await f.repo.checkout('feature')
  const sha = await f.repo.commit({
    files: { 'app.txt': `v${++nextRun}\n` },
    message: 'feature change'
  })
  await f.repo.checkout('main')
  await f.gh.syncRefsFromGit()
  f.gh.seedPull({ number: 42, head: { ref: 'feature', sha } })
  await f.ci(sha, 'build', 'success')
  return sha
}

/** One `.deploy` of PR #42's head, as workflows-examples/pr-redeploy.yml runs it. */
export function runDeployFlow(
  f: PrFixture,
  extra: FlowExtra = {}
): Promise<FlowCost> {
  const runId = ++nextRun
  let main: RunActionResult | undefined
  const node = {
    ...(extra.node ? { node: extra.node } : {}),
    ...(extra.env ? { env: extra.env } : {})
  }
  const steps: Step[] = [
    [
      'pr-command (main)',
      async () =>
        (main = await f.commandMain(f.comment('.deploy'), {
          runId,
          extra: node
        }))
    ],
    [
      'deploy-to-staging (main + post)',
      async () => {
        await f.repo.git('checkout', '-q', '--detach', main?.outputs.sha ?? '')
        try {
          return await f.action(
            'deploy-to-staging',
            {
              environment: main?.outputs.environment ?? '',
              sha: main?.outputs.sha ?? '',
              noop: main?.outputs.noop ?? 'false',
              'pr-number': main?.outputs['pr-number'] ?? ''
            },
            { github: { runId }, ...node }
          )
        } finally {
          await f.repo.checkout('main')
        }
      }
    ],
    [
      'pr-command (post)',
      () => f.commandPost(main as RunActionResult, { runId, extra: node })
    ]
  ]
  return runSteps(f.gh, steps, async () => 0, extra.rss)
}

/** The push pipeline's stack and how to run one release through it. */
export interface PushFlow {
  readonly stack: Stack
  /** Commits release `n` and runs deploy-to-staging, then promote-to-prod. */
  run(n: number, extra?: FlowExtra): Promise<FlowCost>
  close(): Promise<void>
}

// Each user script records its own run time (nanoseconds) in .world/user-ns,
// so the pipeline's own time is the flow's wall time minus theirs.
function timed(script: string): string {
  const [shebang, ...rest] = script.split('\n')
  return [
    shebang,
    't0=$(date +%s%N)',
    `trap 'echo $(( $(date +%s%N) - t0 )) >> .world/user-ns' EXIT`,
    ...rest
  ].join('\n')
}

const STAGING_STAGES = ['migrations', 'deploy', 'smoke', 'rollback']
const PRODUCTION_STAGES = ['migrations', 'deploy', 'smoke']

/**
 * A stack with the whole plan (migrations on PostgreSQL, deploy, smoke,
 * rollback rehearsed in staging) and `history` past deployments per
 * environment: all but the newest seeded, the newest a real release 1
 * through both actions (its artifact is what staging rolls back to).
 */
export async function startPushFlow(history: number): Promise<PushFlow> {
  const scripts = scriptsFor('direct')
  const stack = await startStack({
    kind: 'direct',
    rollback: true,
    migrations: true,
    files: {
      'deploy/deploy.sh': timed(scripts['deploy/deploy.sh'] ?? ''),
      'deploy/rollback.sh': timed(scripts['deploy/rollback.sh'] ?? ''),
      'db/migrations/V1__accounts.sql':
        'create table accounts (id int primary key, email text);\n'
    }
  })
  const gh = stack.p.gh
  const world = join(stack.p.repo.dir, '.world')
  await mkdir(world, { recursive: true })
  const userMs = async () => {
    const text = await readFile(join(world, 'user-ns'), 'utf8').catch(() => '')
    await rm(join(world, 'user-ns'), { force: true })
    return text
      .split('\n')
      .filter(Boolean)
      .reduce((sum, ns) => sum + Number(ns) / 1e6, 0)
  }
  if (history > 0) {
    // Past releases on main, each deployed to both environments; the
    // newest seeded one's artifact exists (a rollback may go back to it).
    const shas = commitHistory(stack.p.repo.dir, history - 1, 'main')
    await stack.p.repo.git('reset', '-q', '--hard')
    await stack.p.commit(
      { 'app/release.txt': 'release 1 (on history)\n' },
      'release 1'
    )
    const newest = shas.at(-1)
    if (newest) {
      const image = join(world, 'registry', `shop-${newest}`)
      await mkdir(image, { recursive: true })
      await writeFile(join(image, 'SHA'), `${newest}\n`)
    }
    for (const [environment, stages] of [
      ['staging', STAGING_STAGES],
      ['production', PRODUCTION_STAGES]
    ] as const) {
      gh.seedHistory({
        environment,
        count: history - 1,
        sha: i => shas[i] ?? '',
        stages,
        reports: stages.filter(s => s !== 'deploy')
      })
    }
    for (const step of [stack.stage, stack.promote]) {
      const done = await step()
      if (done.main.exitCode !== 0) throw new Error(done.log)
    }
  }
  await userMs()
  const run = async (n: number, extra: FlowExtra = {}) => {
    const node = {
      ...(extra.node ? { node: extra.node } : {}),
      ...(extra.env ? { env: extra.env } : {})
    }
    await stack.release(n)
    const steps: Step[] = [
      [
        'deploy-to-staging',
        () => stack.p.run('deploy-to-staging', database(stack, 'staging'), node)
      ],
      [
        'promote-to-prod',
        () =>
          stack.p.run('promote-to-prod', database(stack, 'production'), node)
      ]
    ]
    return runSteps(gh, steps, userMs, extra.rss)
  }
  return { stack, run, close: () => stack.close() }
}

const database = (
  stack: Stack,
  environment: 'staging' | 'production'
): Record<string, string> =>
  stack.dbs ? { 'database-url': stack.dbs[environment].url } : {}
