// API calls and wall time of the two flows (a `.deploy` comment; the push
// pipeline, staging then production, whole plan) at 0, 10 and 1,000 past
// deployments per environment, every API call taking LATENCY_MS, with the
// settings a user gets (write pacing as shipped) on Node 24.
import { findNode24 } from '@rehearse/bench'
import type { Figure, Section } from './figures.js'
import { mib, sec, times } from './figures.js'
import {
  pushHead,
  runDeployFlow,
  startDeployFlow,
  startPushFlow
} from './flows.js'
import type { FlowCost } from './flows.js'
import { rssProbe } from './peak-rss.js'

export const HISTORIES = [0, 10, 1000] as const
const LATENCY_MS = 100
// Issue 13's figures for the peer (github/branch-deploy v12), which this
// machine cannot fetch: not measured here, so no ratio claims the same run.
const PEER_DEPLOY_MS = 4100
const PEER_DEPLOY_CALLS = 35

/** Peak RSS per action seen in the flows (the largest over histories). */
export const flowRss = new Map<string, number>()

function noteRss(cost: FlowCost): void {
  for (const step of cost.steps) {
    const action = step.name.replace(/ \(.*\)$/, '')
    flowRss.set(action, Math.max(flowRss.get(action) ?? 0, step.rss ?? 0))
  }
}

const stepLines = (label: string, cost: FlowCost): string[] => [
  `| ${label} | **whole flow** | ${sec(cost.ms)} | **${cost.total}** | ${cost.writes} | |`,
  ...cost.steps.map(
    s =>
      `| ${label} | ${s.name} | ${sec(s.ms)} | ${s.total} | ${s.writes} | ${s.tally} |`
  )
]

export async function benchFlows(): Promise<Section> {
  const node = findNode24()
  if (!node) throw new Error('Node 24 is missing: run npm run node24')
  const probe = rssProbe()
  const extra = { node, env: probe.env, rss: probe.take }
  const deploy = new Map<number, FlowCost>()
  const push = new Map<number, FlowCost>()
  try {
    for (const history of HISTORIES) {
      const f = await startDeployFlow(history)
      try {
        await pushHead(f)
        f.gh.setLatency(LATENCY_MS)
        probe.take()
        deploy.set(history, await runDeployFlow(f, extra))
      } finally {
        await f.close()
      }
      const p = await startPushFlow(history)
      try {
        p.stack.p.gh.setLatency(LATENCY_MS)
        probe.take()
        push.set(history, await p.run(2, extra))
      } finally {
        await p.close()
      }
    }
  } finally {
    probe.close()
  }
  const details = [
    `Every API call answered after ${LATENCY_MS} ms by the emulator; Node 24; write pacing as shipped.`,
    'The `.deploy` flow: pr-command main → deploy-to-staging (main + post) → pr-command post, after a push to the PR.',
    'The push pipeline: deploy-to-staging then promote-to-prod, whole plan (migrations on PostgreSQL, deploy, smoke, rollback rehearsed in staging).',
    '',
    '| past deployments | step | wall | API calls | writes | what for |',
    '| --- | --- | --- | --- | --- | --- |'
  ]
  const figures: Figure[] = []
  for (const history of HISTORIES) {
    const d = deploy.get(history)!
    const p = push.get(history)!
    noteRss(d)
    noteRss(p)
    details.push(
      ...stepLines(`${history} (.deploy)`, d),
      ...stepLines(`${history} (push)`, p)
    )
    figures.push(
      {
        figure: `API calls, one .deploy, ${history} past deployments`,
        value: `${d.total} (${d.writes} writes)`,
        baseline: `peer ${PEER_DEPLOY_CALLS} (issue's figure, not run here)`,
        target: '≤ 24, same at 10 and 1,000',
        met: d.total <= 24 && sameAcross(deploy)
      },
      {
        figure: `API calls, push pipeline, ${history} past deployments per environment`,
        value: `${p.total} (${p.writes} writes)`,
        baseline: '—',
        target: '≤ 30, same at 10 and 1,000',
        met: p.total <= 30 && sameAcross(push)
      },
      {
        figure: `.deploy wall time, ${LATENCY_MS} ms per call, ${history} past deployments`,
        value: sec(d.ms),
        baseline: `peer ${sec(PEER_DEPLOY_MS)} (issue's figure, not run here): ${times(d.ms / PEER_DEPLOY_MS)}`,
        target: '≤ 1.0× peer',
        met: d.ms <= PEER_DEPLOY_MS
      },
      {
        figure: `push pipeline, Rehearse's own time (wall − user steps), ${LATENCY_MS} ms per call, ${history} past deployments`,
        value: sec(p.ms - p.userMs),
        baseline: `wall ${sec(p.ms)}, user steps ${sec(p.userMs)}`,
        target: '≤ 4 s',
        met: p.ms - p.userMs <= 4000
      }
    )
  }
  details.push(
    '',
    'Peak RSS per action in these flows (database server for migrations): ' +
      [...flowRss].map(([a, b]) => `${a} ${mib(b)}`).join(', ')
  )
  return { figures, details }
}

// Flat in history: the count at 10 past deployments equals the one at 1,000.
function sameAcross(costs: Map<number, FlowCost>): boolean {
  return costs.get(10)?.total === costs.get(1000)?.total
}
