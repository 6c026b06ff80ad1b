import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { root } from '../actions/pipeline-fixture.js'

// The examples are what users copy: they are checked like code, in the
// spirit of branch-deploy's docs-security tests.

interface Step {
  id?: string
  if?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
}
interface Job {
  if?: string
  'timeout-minutes'?: number
  permissions?: Record<string, string>
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean }
  environment?: { name?: string }
  steps: Step[]
}
interface Workflow {
  on: Record<string, { types?: string[] }>
  permissions?: Record<string, string>
  jobs: Record<string, Job>
}

const dir = join(root, 'workflows-examples')
const read = (file: string) =>
  parse(readFileSync(join(dir, file), 'utf8')) as Workflow
const examples = readdirSync(dir).filter(name => /\.ya?ml$/.test(name))

// Text an attacker controls: comment, titles, bodies, branch names, and
// pr-command's `ref` output (a branch name).
const UNTRUSTED =
  /\$\{\{[^}]*(github\.event\.(comment|issue|pull_request|review|head_commit|commits)|github\.head_ref|steps\.[\w-]+\.outputs\.ref\b)[^}]*\}\}/

const stepsOf = (workflow: Workflow) =>
  Object.values(workflow.jobs).flatMap(job => job.steps)

describe.each(examples)('workflows-examples/%s', file => {
  const workflow = read(file)

  it('never puts an expression inside a shell script', () => {
    for (const step of stepsOf(workflow)) {
      expect([step.run ?? '', step.run?.includes('${{')]).toEqual([
        step.run ?? '',
        step.run === undefined ? undefined : false
      ])
    }
  })

  it('never passes untrusted text to an action input', () => {
    for (const step of stepsOf(workflow)) {
      for (const value of Object.values(step.with ?? {}))
        expect(String(value)).not.toMatch(UNTRUSTED)
    }
  })

  it('writes no multi-line value with a fixed heredoc delimiter', () => {
    for (const step of stepsOf(workflow))
      expect(step.run ?? '').not.toMatch(
        /<<\s*['"]?\w+['"]?[\s\S]*GITHUB_(ENV|OUTPUT)/
      )
  })

  it('checks out without persisting credentials', () => {
    for (const step of stepsOf(workflow).filter(s =>
      s.uses?.startsWith('actions/checkout@')
    ))
      expect(step.with?.['persist-credentials']).toBe(false)
  })
})

describe('workflows-examples/pr-redeploy.yml', () => {
  const workflow = read('pr-redeploy.yml')
  const job = workflow.jobs.redeploy as Job
  const steps = job.steps
  const commandIndex = steps.findIndex(s =>
    s.uses?.includes('/actions/pr-command@')
  )

  it('runs on new comments only, with no permission by default', () => {
    expect(workflow.on).toEqual({ issue_comment: { types: ['created'] } })
    expect(workflow.permissions).toEqual({})
  })

  it('asks for the least permissions the commands need', () => {
    expect(job.permissions).toEqual({
      contents: 'write',
      deployments: 'write',
      statuses: 'write',
      checks: 'write',
      'pull-requests': 'write'
    })
  })

  it('queues deploys of the environment instead of cancelling one', () => {
    expect(job.concurrency).toEqual({
      group: expect.stringContaining(job.environment?.name ?? '?'),
      'cancel-in-progress': false
    })
  })

  it('lets a killed job’s lock lapse: the job times out before the lease', () => {
    const lease = Number(
      steps[commandIndex]?.with?.['lock-lease-minutes'] ?? 60
    )
    expect(job['timeout-minutes']).toBeLessThan(lease)
  })

  it('reads the plan from the default branch, then checks out exactly the checked SHA', () => {
    const checkouts = steps
      .map((step, index) => ({ step, index }))
      .filter(({ step }) => step.uses?.startsWith('actions/checkout@'))
    expect(checkouts[0]?.index).toBeLessThan(commandIndex)
    expect(checkouts[0]?.step.with?.ref).toBeUndefined()
    const later = checkouts.filter(({ index }) => index > commandIndex)
    expect(later.map(({ step }) => step.with?.ref)).toEqual([
      '${{ steps.command.outputs.sha }}'
    ])
  })

  it('gates every later step on continue, in the same job as pr-command', () => {
    expect(steps[commandIndex]?.id).toBe('command')
    for (const step of steps.slice(commandIndex + 1))
      expect(step.if).toContain("steps.command.outputs.continue == 'true'")
    expect(steps.some(s => s.uses?.includes('/deploy-to-staging@'))).toBe(true)
  })

  it('passes untrusted text only through env:, quoted in the script', () => {
    const users = steps.filter(
      s => JSON.stringify(s.env ?? {}).match(UNTRUSTED) !== null
    )
    expect(users.length).toBeGreaterThan(0)
    for (const step of users) {
      for (const name of Object.keys(step.env ?? {}))
        expect(step.run).not.toMatch(new RegExp(`[^"]\\$${name}\\b`))
    }
    const elsewhere = steps.map(({ env: _env, if: _if, ...rest }) => rest)
    expect(JSON.stringify(elsewhere)).not.toMatch(UNTRUSTED)
  })
})
