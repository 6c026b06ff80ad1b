import { describe, expect, it } from '@jest/globals'
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import type { ReasonCode } from '@rehearse/core'
import { loadPlan } from '../../src/plan/load-plan.js'
import type { LoadPlanOptions } from '../../src/plan/load-plan.js'
import { makeWorkspace, PLAN } from './plan-fixture.js'

// Every path a plan names belongs to the repository, and what the schema
// accepts but this version does not run is refused, at load time: before
// anything is recorded or run.

const outside = mkdtempSync(join(tmpdir(), 'rehearse-outside-'))
writeFileSync(join(outside, 'x.sh'), '#!/bin/sh\ntouch /tmp/owned\n', {
  mode: 0o755
})

function workspace(): string {
  const dir = makeWorkspace({
    '.github/README': 'plans live here\n',
    'deploy/apply.sh': '#!/bin/sh\necho apply\n',
    'deploy/plain.sh': '#!/bin/sh\necho plain\n',
    'db/V1__a.sql': 'select 1;\n'
  })
  chmodSync(join(dir, 'deploy/plain.sh'), 0o644)
  mkdirSync(join(dir, 'links'))
  symlinkSync(join(outside, 'x.sh'), join(dir, 'links/out.sh'))
  symlinkSync(outside, join(dir, 'links/dir'))
  return dir
}

const plan = (lines: string, deploy = './deploy/apply.sh'): string =>
  `version: 1\ndeploy:\n  - run: ${deploy}\nenvironments:\n  staging: {}\n${lines}`

function refusal(
  text: string | undefined,
  options: Partial<LoadPlanOptions> = {}
): { message: string; reason: ReasonCode | undefined } {
  const dir = workspace()
  if (text !== undefined) writeFileSync(join(dir, PLAN), text)
  try {
    loadPlan({ workspace: dir, file: PLAN, environment: 'staging', ...options })
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    const { message, reason } = error as ConfigurationError
    return { message, reason }
  }
  throw new Error('the plan was accepted')
}

describe('paths outside the repository', () => {
  it.each([
    [
      'a parent path',
      plan('', '../outside.sh'),
      '"../outside.sh" resolves outside the repository'
    ],
    [
      'a deeper parent path',
      plan('', 'bash ../../etc/x.sh'),
      '"../../etc/x.sh" resolves outside'
    ],
    [
      'an absolute command',
      plan('', `${outside}/x.sh`),
      'is run from outside the repository'
    ],
    [
      'a launched absolute script',
      plan('', `bash ${outside}/x.sh`),
      'is run from outside the repository'
    ],
    [
      'a home path',
      plan('', '~/x.sh'),
      '"~/x.sh" is run from outside the repository'
    ],
    [
      'a committed symlink to a file outside',
      plan('', './links/out.sh'),
      '"links/out.sh" resolves outside'
    ],
    [
      'a path through a symlinked folder',
      plan('', './links/dir/x.sh'),
      '"links/dir/x.sh" resolves outside'
    ],
    [
      'migrations.dir above the root',
      plan('migrations: { tool: sql, dir: ../../etc }\n'),
      'migrations.dir: "../../etc" resolves outside'
    ],
    [
      'migrations.dir through a symlink',
      plan('migrations: { tool: sql, dir: links/dir }\n'),
      'migrations.dir: "links/dir" resolves outside'
    ],
    [
      'an absolute migrations.dir',
      plan('migrations: { tool: sql, dir: /etc }\n'),
      'migrations.dir: "/etc" resolves outside'
    ],
    [
      'a CA file outside',
      plan('smoke: { tls: { ca-file: ../ca.pem } }\n'),
      'smoke.tls.ca-file: "../ca.pem" resolves outside'
    ]
  ])('refuses %s with file, line and key', (_case, text, expected) => {
    const { message } = refusal(text)
    expect(message).toContain(expected)
    expect(message).toMatch(/^\.github\/rehearse\.yml:\d+: /)
  })

  it('refuses a script that cannot be run, saying how to fix it', () => {
    expect(refusal(plan('', './deploy/plain.sh')).message).toContain(
      'script "deploy/plain.sh" is not executable: run chmod +x deploy/plain.sh and commit it'
    )
  })

  it('accepts a non-executable script run through bash', () => {
    const dir = workspace()
    writeFileSync(join(dir, PLAN), plan('', 'bash deploy/plain.sh'))
    expect(
      loadPlan({ workspace: dir, file: PLAN, environment: 'staging' }).deploy
    ).toHaveLength(1)
  })

  it('refuses a plan file outside the repository', () => {
    expect(refusal(undefined, { file: '../elsewhere.yml' })).toMatchObject({
      reason: 'path_outside_repository'
    })
  })

  it('refuses a config that names a folder', () => {
    expect(refusal(undefined, { file: 'deploy' }).message).toBe(
      'deploy is a folder, not a plan file. Give the path of the YAML file, e.g. .github/rehearse.yml.'
    )
  })
})

describe('the script input', () => {
  const noPlan = { file: '.github/none.yml' }
  it.each([
    [
      'shell text',
      './deploy/apply.sh; touch /tmp/x',
      'must be the path of a script'
    ],
    ['a substitution', '$(curl evil)', 'must be the path of a script'],
    ['an absolute path', `${outside}/x.sh`, 'must be the path of a script'],
    ['a parent path', '../x.sh', 'resolves outside the repository'],
    ['a symlink out', 'links/out.sh', 'resolves outside the repository'],
    ['a folder', 'deploy', 'is not a file of the repository']
  ])('refuses %s', (_case, script, expected) => {
    expect(refusal(undefined, { ...noPlan, script }).message).toContain(
      expected
    )
  })

  it('runs a path as the one step, never as shell text', () => {
    const dir = workspace()
    const loaded = loadPlan({
      workspace: dir,
      ...noPlan,
      environment: 'staging',
      script: 'deploy/apply.sh'
    })
    expect(loaded.deploy.map(step => step.run)).toEqual(['./deploy/apply.sh'])
  })
})

describe('strategies say what they need, and nothing runs as something else', () => {
  const SWITCH = '  switch: [{ run: ./deploy/apply.sh }]\n'
  it.each([
    [
      'blue-green without switch steps',
      'strategy: { type: blue-green }\n',
      'blue-green needs "switch"'
    ],
    [
      'blue-green without slots',
      `strategy:\n  type: blue-green\n${SWITCH}`,
      'environments.staging: blue-green needs the URL of each slot'
    ],
    [
      'blue-green with rollback steps',
      `strategy:\n  type: blue-green\n${SWITCH}rollback: [{ run: ./deploy/apply.sh }]\n`,
      'rollback steps would never run'
    ],
    [
      'canary without traffic steps',
      'strategy: { type: canary, steps: [10, 100] }\n',
      'canary needs "steps"'
    ],
    [
      'canary steps going down',
      'strategy: { type: canary, steps: [50, 10, 100], traffic: [{ run: ./deploy/apply.sh }] }\n',
      'traffic percentages must go up'
    ],
    [
      'canary not ending at 100',
      'strategy: { type: canary, steps: [10, 50], traffic: [{ run: ./deploy/apply.sh }] }\n',
      'the last step must be 100'
    ],
    [
      'a metric without bounds',
      'strategy: { type: canary, steps: [100], traffic: [{ run: ./deploy/apply.sh }], metric: { run: echo 1 } }\n',
      'a metric needs "max" or "min"'
    ],
    [
      'canary keys on direct',
      'strategy: { type: direct, steps: [10, 100] }\n',
      'strategy.steps: "steps" is used only by strategy canary, not direct'
    ],
    [
      'an unknown strategy key',
      'strategy: { type: direct, auto-rollback: true }\n',
      'unknown key "auto-rollback"'
    ]
  ])('refuses %s with file, line and key', (_case, lines, expected) => {
    expect(refusal(plan(lines)).message).toContain(expected)
  })

  it('refuses slots where the strategy is not blue-green', () => {
    const text = plan('').replace(
      'staging: {}',
      'staging: { slots: { blue: { url: https://b.example.com }, green: { url: https://g.example.com } } }'
    )
    expect(refusal(text).message).toContain(
      'environments.staging.slots: slots are used only by strategy blue-green'
    )
  })

  it.each([
    [
      'an unknown expression',
      'artifact: "shop:${{ github.sha }}"\n',
      'unknown expression "${{ github.sha }}"'
    ],
    ['an unterminated one', 'artifact: "shop:${{ sha"\n', 'is never closed'],
    [
      'one after a good one',
      'artifact: "shop:${{ sha }}-${{ ref }}"\n',
      'unknown expression "${{ ref }}"'
    ]
  ])('refuses an artifact with %s', (_case, lines, expected) => {
    expect(refusal(plan(lines)).message).toContain(expected)
  })
})
