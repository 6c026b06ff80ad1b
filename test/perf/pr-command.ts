import type { RecordedRequest, RunActionResult } from '@rehearse/bench'
import { startPrFixture } from '../pr-command/fixture.js'
import type { PrFixture } from '../pr-command/fixture.js'
import { ms } from './stats.js'

// What each call was for, by GitHub's operation id.
function tally(requests: readonly RecordedRequest[]): string {
  const counts = new Map<string, number>()
  for (const r of requests) {
    const id = r.operationId ?? `${r.method} ${r.path}`
    counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return [...counts]
    .map(([id, count]) => (count > 1 ? `${id} ×${count}` : id))
    .join(', ')
}

type Step = [name: string, run: () => Promise<RunActionResult>]

/** The job of workflows-examples/pr-redeploy.yml, step by step. */
function deployFlow(f: PrFixture, runId: number): Step[] {
  let main: RunActionResult | undefined
  return [
    [
      'pr-command (main)',
      async () => (main = await f.commandMain(f.comment('.deploy'), { runId }))
    ],
    [
      'deploy-to-staging (main + post)',
      async () => {
        await f.repo.git('checkout', '-q', '--detach', main?.outputs.sha ?? '')
        try {
          return await f.action(
            'deploy-to-staging',
            { sha: main?.outputs.sha ?? '' },
            { github: { runId } }
          )
        } finally {
          await f.repo.checkout('main')
        }
      }
    ],
    [
      'pr-command (post)',
      () => f.commandPost(main as RunActionResult, { runId })
    ]
  ]
}

/**
 * One full `.deploy` on the emulator, as the example workflow runs it:
 * every GitHub API call of each step. The first run on a pull request
 * creates its result comment; the second finds and updates it.
 */
export async function benchPrCommand(): Promise<string[]> {
  const f = await startPrFixture()
  const lines = [
    '| run | step | wall | API calls | writes | what for |',
    '| --- | --- | --- | --- | --- | --- |'
  ]
  try {
    for (const [index, run] of ['first', 'second'].entries()) {
      const flowStart = f.gh.requests.length
      const started = Date.now()
      for (const [name, step] of deployFlow(f, 9000 + index)) {
        const before = f.gh.requests.length
        const result = await step()
        if (result.main.exitCode !== 0)
          throw new Error(`${name} failed:\n${result.log}`)
        const calls = f.gh.requests.slice(before)
        const wall = result.main.durationMs + (result.post?.durationMs ?? 0)
        lines.push(
          `| ${run} | ${name} | ${ms(wall)} | ${calls.length} | ${calls.filter(c => c.method !== 'GET').length} | ${tally(calls)} |`
        )
      }
      const all = f.gh.requests.slice(flowStart)
      lines.push(
        `| ${run} | **whole .deploy** | ${ms(Date.now() - started)} | **${all.length}** | ${all.filter(c => c.method !== 'GET').length} | |`
      )
    }
  } finally {
    await f.close()
  }
  return [
    ...lines,
    '',
    'Emulator on loopback, write throttle off; wall is each process’s run time (main + post), the flow’s includes the checkouts.'
  ]
}
