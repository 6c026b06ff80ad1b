import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createGitRepo,
  evaluateCondition,
  evaluateExpression,
  openWorkflowRun,
  runWorkflow,
  workflowDispatch
} from '@rehearse/bench'
import type { ExpressionScope, GitRepo } from '@rehearse/bench'

// The bench's workflow runner on a throwaway action that logs its main and
// post to order.txt in the workspace: what runs, in which order, with
// which values.

const ACTION_YML = `name: order
inputs:
  name: { required: true }
  fail: { default: 'false' }
runs:
  using: node24
  main: main.mjs
  post: post.mjs
  post-if: success()
`
const MAIN = `import { appendFileSync } from 'node:fs'
const name = process.env['INPUT_NAME']
appendFileSync('order.txt', 'main ' + name + '\\n')
appendFileSync(process.env.GITHUB_OUTPUT, 'said=said-' + name + '\\n')
appendFileSync(process.env.GITHUB_STATE, 'name=' + name + '\\n')
if (process.env['INPUT_FAIL'] === 'true') process.exitCode = 1
`
const POST = `import { appendFileSync } from 'node:fs'
appendFileSync('order.txt', 'post ' + process.env.STATE_name + '\\n')
`

const WORKFLOW = `name: Bench
on:
  workflow_dispatch:
    inputs:
      who: { required: true, type: string }
      loud: { type: boolean, default: false }
env:
  GREETING: hello
jobs:
  first:
    runs-on: ubuntu-latest
    outputs:
      said: \${{ steps.a.outputs.said }}
    steps:
      - id: a
        uses: local/order@v1
        with:
          name: a-\${{ inputs.who }}
      - id: shell
        env:
          WHO: \${{ inputs.who }}
          TOKEN: \${{ secrets.TOKEN }}
        run: |
          echo "main shell $WHO $GREETING" >> order.txt
          echo "upper=\${WHO^^}" >> "$GITHUB_OUTPUT"
          echo "EXPORTED=yes" >> "$GITHUB_ENV"
          echo "the token is $TOKEN"
      - id: b
        uses: local/order@v1
        with:
          name: b-\${{ steps.shell.outputs.upper }}-\${{ env.EXPORTED }}
      - if: inputs.loud
        uses: local/order@v1
        with: { name: never }
      - id: tolerated
        uses: local/order@v1
        continue-on-error: true
        with: { name: c, fail: 'true' }
      - if: steps.tolerated.outcome == 'failure' && steps.tolerated.conclusion == 'success'
        run: echo "main tolerated" >> order.txt
  second:
    needs: first
    steps:
      - uses: local/order@v1
        with:
          name: second-\${{ needs.first.outputs.said }}
  broken:
    needs: second
    steps:
      - uses: local/order@v1
        with: { name: broken, fail: 'true' }
      - uses: local/order@v1
        with: { name: after-failure }
      - if: failure()
        run: echo "main on failure" >> order.txt
  skipped:
    needs: broken
    steps:
      - run: echo "main skipped" >> order.txt
`

let dir: string
let repo: GitRepo
let first: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rehearse-wf-runner-'))
  await writeFile(join(dir, 'action.yml'), ACTION_YML)
  await writeFile(join(dir, 'main.mjs'), MAIN)
  await writeFile(join(dir, 'post.mjs'), POST)
  await writeFile(join(dir, 'workflow.yml'), WORKFLOW)
  repo = await createGitRepo()
  first = await repo.commit({ files: { 'a.txt': '1\n' }, message: 'one' })
  await repo.commit({ files: { 'a.txt': '2\n' }, message: 'two' })
})
afterAll(async () => {
  await repo.dispose()
  await rm(dir, { recursive: true, force: true })
})

const order = async () =>
  (await readFile(join(repo.dir, 'order.txt'), 'utf8')).trim().split('\n')

describe('the bench workflow runner', () => {
  it('runs mains in order, then posts in reverse, job by job in needs order', async () => {
    const jobs = await runWorkflow({
      file: join(dir, 'workflow.yml'),
      workspace: repo.dir,
      event: {
        name: 'workflow_dispatch',
        payload: workflowDispatch({ inputs: { who: 'ada' } })
      },
      secrets: { TOKEN: 'tok-very-secret' },
      resolveAction: uses => (uses === 'local/order@v1' ? dir : undefined),
      stepTimeoutMs: 30_000
    })
    expect(await order()).toEqual([
      'main a-ada',
      'main shell ada hello',
      'main b-ADA-yes',
      'main c',
      'main tolerated',
      // post-if: success() — the tolerated failure left the job green
      'post c',
      'post b-ADA-yes',
      'post a-ada',
      'main second-said-a-ada',
      'post second-said-a-ada',
      'main broken',
      'main on failure'
    ])
    expect(jobs['first']?.result).toBe('success')
    expect(jobs['first']?.outputs).toEqual({ said: 'said-a-ada' })
    expect(jobs['first']?.steps.map(s => [s.kind, s.conclusion])).toEqual([
      ['action', 'success'],
      ['run', 'success'],
      ['action', 'success'],
      ['action', 'skipped'],
      ['action', 'success'],
      ['run', 'success']
    ])
    expect(jobs['first']?.log).toContain('the token is ***')
    expect(jobs['first']?.log).not.toContain('tok-very-secret')
    expect(jobs['broken']?.result).toBe('failure')
    expect(jobs['skipped']).toMatchObject({ result: 'skipped', steps: [] })
  })

  it('checks out the ref a step names, and leaves HEAD alone when it is there', async () => {
    const file = join(dir, 'checkout.yml')
    await writeFile(
      file,
      `on:
  workflow_dispatch:
    inputs:
      sha: { required: true }
jobs:
  build:
    steps:
      - uses: actions/checkout@v5
      - uses: actions/checkout@v5
        with: { ref: '\${{ inputs.sha }}', persist-credentials: false }
`
    )
    const head = await repo.head()
    const run = await openWorkflowRun({
      file,
      workspace: repo.dir,
      event: { name: 'workflow_dispatch', payload: {} },
      inputs: { sha: first },
      github: { sha: head }
    })
    const job = await run.runJob('build')
    expect(job.log).toContain(`HEAD already at ${head}`)
    expect(job.log).toContain(`HEAD moved to ${first}`)
    expect(await repo.head()).toBe(first)
    await repo.checkout('main')
  })

  it('refuses what it cannot run like the runner', async () => {
    const file = join(dir, 'matrix.yml')
    await writeFile(
      file,
      'on: push\njobs:\n  a:\n    strategy: { matrix: { n: [1, 2] } }\n    steps: [{ run: "true" }]\n'
    )
    const open = (name: string) =>
      openWorkflowRun({ file, workspace: repo.dir, event: { name } })
    await expect(open('push')).rejects.toThrow(/does not run strategy/)
    await writeFile(
      file,
      'on: push\njobs:\n  a:\n    steps: [{ run: "true" }]\n'
    )
    await expect(open('issue_comment')).rejects.toThrow(/does not run on/)
  })
})

describe('workflow expressions', () => {
  const scope: ExpressionScope = {
    status: 'success',
    contexts: {
      github: { sha: 'abc', event: { issue: { pull_request: { url: 'u' } } } },
      steps: { command: { outputs: { continue: 'true', n: '3' } } },
      inputs: { flag: false },
      env: {}
    }
  }
  const value = (text: string) => evaluateExpression(text, scope)

  it.each([
    ["steps.command.outputs.continue == 'true'", true],
    ["steps.command.outputs.continue == 'TRUE'", true],
    ['steps.command.outputs.n == 3', true],
    ['steps.command.outputs.n > 2 && steps.command.outputs.n < 4', true],
    ['steps.missing.outputs.x', null],
    ["steps['command'].outputs['continue']", 'true'],
    ['github.event.issue.pull_request && github.sha', 'abc'],
    ["inputs.flag || 'fallback'", 'fallback'],
    ['!inputs.flag', true],
    ["startsWith('.deploy now', '.')", true],
    ['contains(fromJSON(\'["a","b"]\'), \'B\')', true],
    ["format('{0}-{{1}}', github.sha)", 'abc-{1}'],
    ["'it''s'", "it's"],
    ['null == false', true]
  ])('%s → %p', (text, expected) => {
    expect(value(text)).toEqual(expected)
  })

  it('adds success() to a condition without a status function', () => {
    const failed = { ...scope, status: 'failure' as const }
    expect(evaluateCondition('true', failed)).toBe(false)
    expect(evaluateCondition('${{ always() && true }}', failed)).toBe(true)
    expect(evaluateCondition(undefined, scope)).toBe(true)
  })

  it('refuses what it does not know rather than guess', () => {
    expect(() => value('vars.X')).toThrow(/unknown context "vars"/)
    expect(() => value("hashFiles('**')")).toThrow(/not supported/)
    expect(() => value('github.*.sha')).toThrow(/object filters/)
  })
})
