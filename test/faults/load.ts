import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Octokit } from '@octokit/rest'
import {
  createGitRepo,
  issueCommentCreated,
  startEmulator
} from '@rehearse/bench'
import type { RunActionResult } from '@rehearse/bench'
import { heldLockRefs } from '../support/index.js'
import { checkoutAt, plainText } from '../concurrency/comment-job.js'
import { COMMAND_INPUTS, runCommandPost, runStep } from './steps.js'
import { seeded } from './prng.js'
import { startShared } from './world.js'
import type { FlowWorld } from './world.js'

/** How many PRs comment `.deploy <env>` at once, over how many environments. */
export interface LoadOptions {
  readonly prs: number
  readonly environments: number
  /** Jobs running at once (each runs its steps one after another). */
  readonly concurrency: number
  /** Seeds which PR comments on which environment. */
  readonly seed?: number
}

/** What the load run saw. */
export interface LoadResult {
  readonly prs: number
  readonly environments: number
  readonly deployed: number
  readonly refusedLocked: number
  /** Deploy steps that overlapped another in the same environment. */
  readonly overlaps: string[]
  /** Comments without exactly one answer, or answered neither way. */
  readonly unanswered: string[]
  readonly violations: string[]
  readonly durationSeconds: number
}

// The deploy step: records its start and end (ms, one line each) per
// environment, so overlaps are found from the records, not the clock.
const DEPLOY = `#!/usr/bin/env bash
set -eu
echo "start $(date +%s%N) $GITHUB_RUN_ID" >> "$LOAD_DIR/$REHEARSE_ENVIRONMENT.log"
sleep 0.2
echo "end $(date +%s%N) $GITHUB_RUN_ID" >> "$LOAD_DIR/$REHEARSE_ENVIRONMENT.log"
`

function loadPlan(environments: string[]): string {
  return `version: 1
deploy:
  - name: Deploy
    run: ./deploy.sh
environments:
${environments.map(e => `  ${e}:\n    url: https://${e}.example.com\n`).join('')}`
}

/** Start/end pairs that interleave, from one environment's log. */
function overlapsIn(environment: string, log: string): string[] {
  const found: string[] = []
  let running: string | undefined
  for (const line of log.split('\n').filter(Boolean)) {
    const [kind, , run] = line.split(' ')
    if (kind === 'start') {
      if (running)
        found.push(
          `${environment}: run ${run} started while run ${running} deployed`
        )
      running = run
    } else if (kind === 'end') {
      running = undefined
    }
  }
  return found
}

let runIds = 900_000
let commentIds = 80_000_000

/**
 * 50 PRs comment `.deploy env<k>` at once over 10 environments; each
 * comment is the job of pr-redeploy.yml (pr-command, deploy-to-staging,
 * pr-command's post) as its own child processes, `concurrency` jobs at a
 * time. No faults: this is about contention.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const started = Date.now()
  const environments = Array.from(
    { length: options.environments },
    (_, i) => `env${i}`
  )
  const shared = await startShared()
  const logs = await mkdtemp(join(tmpdir(), 'rehearse-load-'))
  const repo = await createGitRepo()
  await repo.commit({
    files: {
      '.github/rehearse.yml': loadPlan(environments),
      'deploy.sh': DEPLOY
    },
    message: 'release 1'
  })
  await chmod(join(repo.dir, 'deploy.sh'), 0o755)
  await repo.git('add', '-A')
  await repo.git('commit', '-q', '--amend', '--no-edit')
  const mainSha = await repo.head()
  const heads: string[] = []
  for (let pr = 1; pr <= options.prs; pr++) {
    await repo.branch(`feature-${pr}`)
    await repo.checkout(`feature-${pr}`)
    heads.push(
      await repo.commit({
        files: { 'app.txt': `pr ${pr}\n` },
        message: `feature ${pr}`
      })
    )
    await repo.checkout('main')
  }
  const gh = await startEmulator({
    owner: 'acme',
    repo: 'widgets',
    gitDir: repo.dir,
    collaborators: { alice: 'write' }
  })
  const octokit = new Octokit({ auth: 'ci', baseUrl: gh.url })
  for (const [index, sha] of heads.entries()) {
    gh.seedPull({
      number: index + 1,
      head: { ref: `feature-${index + 1}`, sha }
    })
    await octokit.rest.checks.create({
      owner: 'acme',
      repo: 'widgets',
      head_sha: sha,
      name: 'build',
      status: 'completed',
      conclusion: 'success'
    })
  }
  const world = { repo, gh, mainSha, headSha: mainSha } as unknown as FlowWorld
  const env = { LOAD_DIR: logs }
  // Environments drawn at random (seeded): jobs running at once sometimes
  // share one and contend for its lock, and each environment sees several
  // deploys one after another.
  const random = seeded(options.seed ?? 2026)
  const assignment = Array.from({ length: options.prs }, () =>
    random.pick(environments)
  )
  const answers = new Map<number, RunActionResult>()
  const violations: string[] = []
  const job = async (pr: number) => {
    const environment = assignment[pr - 1] as string
    const createdAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    const body = `.deploy ${environment}`
    const payload = issueCommentCreated({
      body,
      login: 'alice',
      prNumber: pr,
      commentId: ++commentIds
    })
    Object.assign(payload.comment, {
      created_at: createdAt,
      updated_at: createdAt
    })
    gh.seedComment({
      id: payload.comment.id,
      issueNumber: pr,
      body,
      user: 'alice',
      createdAt
    })
    const common = {
      runId: ++runIds,
      attempt: 1,
      sha: mainSha,
      workspace: repo.dir,
      event: { name: 'issue_comment', payload },
      env
    }
    const inputs = {
      ...COMMAND_INPUTS,
      environment,
      environments: environments.join(',')
    }
    const command = await runStep(world, shared, {
      ...common,
      action: 'pr-command',
      inputs,
      mainOnly: true
    })
    if (command.outputs.continue === 'true') {
      const sha = command.outputs.sha ?? ''
      const checkout = await checkoutAt(repo, sha)
      try {
        const deploy = await runStep(world, shared, {
          ...common,
          sha,
          workspace: checkout.dir,
          action: 'deploy-to-staging',
          inputs: {
            environment: command.outputs.environment ?? '',
            sha,
            noop: command.outputs.noop ?? 'false',
            'pr-number': command.outputs['pr-number'] ?? ''
          }
        })
        if (deploy.main.exitCode !== 0)
          violations.push(
            `#${pr}: deploy failed: ${deploy.annotations.map(a => a.message).join(' | ')}`
          )
      } finally {
        await checkout.remove()
      }
    } else if (command.outputs.reason !== 'environment_locked') {
      violations.push(
        `#${pr}: pr-command stopped with ${command.outputs.reason || command.main.exitCode}`
      )
    }
    const post = await runCommandPost(world, shared, command, {
      ...common,
      inputs
    })
    if (post.main.exitCode !== 0) violations.push(`#${pr}: post failed`)
    answers.set(pr, command)
  }
  const queue = Array.from({ length: options.prs }, (_, i) => i + 1)
  try {
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        for (let pr = queue.shift(); pr !== undefined; pr = queue.shift())
          await job(pr)
      })
    )
    const overlaps: string[] = []
    for (const environment of environments) {
      const log = await readFile(
        join(logs, `${environment}.log`),
        'utf8'
      ).catch(() => '')
      overlaps.push(...overlapsIn(environment, log))
    }
    let deployed = 0
    let refusedLocked = 0
    const unanswered: string[] = []
    for (let pr = 1; pr <= options.prs; pr++) {
      const replies = gh.state.comments.filter(
        c => c.issueNumber === pr && c.user === 'github-actions[bot]'
      )
      const reason = answers.get(pr)?.outputs.reason ?? ''
      if (replies.length !== 1) {
        unanswered.push(`#${pr}: ${replies.length} answers`)
        continue
      }
      const text = plainText(replies[0]?.body ?? '')
      if (
        reason === 'environment_locked' &&
        /is being deployed by @alice.*Comment again once it is released/s.test(
          text
        )
      )
        refusedLocked++
      else if (reason === '' && answers.get(pr)?.outputs.continue === 'true')
        deployed++
      else
        unanswered.push(
          `#${pr}: answered ${JSON.stringify(text.slice(0, 160))} (reason ${reason})`
        )
    }
    for (const ref of heldLockRefs(gh))
      violations.push(`lock left held: ${ref}`)
    for (const d of gh.state.deployments) {
      const last = gh.state.deploymentStatuses
        .filter(s => s.deploymentId === d.id)
        .at(-1)
      // A later success marks the earlier ones inactive (auto_inactive).
      if (last?.state !== 'success' && last?.state !== 'inactive')
        violations.push(
          `deployment ${d.id} (${d.environment}) is ${last?.state ?? 'without status'}`
        )
    }
    if (deployed + refusedLocked !== options.prs)
      violations.push(
        `${deployed} deployed + ${refusedLocked} refused of ${options.prs}`
      )
    return {
      prs: options.prs,
      environments: options.environments,
      deployed,
      refusedLocked,
      overlaps,
      unanswered,
      violations,
      durationSeconds: Math.round((Date.now() - started) / 1000)
    }
  } finally {
    await gh.close()
    await repo.dispose()
    await shared.close()
    await rm(logs, { recursive: true, force: true })
  }
}
