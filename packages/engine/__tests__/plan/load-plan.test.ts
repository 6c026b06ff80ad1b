import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '@rehearse/core'
import { loadPlan } from '../../src/plan/load-plan.js'
import { planSchema } from '../../src/plan/plan-schema.js'
import { makeWorkspace, PLAN, VALID_PLAN } from './plan-fixture.js'

const script = { 'deploy/apply.sh': '#!/bin/bash\necho apply\n' }

function load(text: string, environment = 'staging') {
  const workspace = makeWorkspace({ [PLAN]: text, ...script })
  return loadPlan({ workspace, file: PLAN, environment })
}

function errorOf(text: string, environment = 'staging'): string {
  try {
    load(text, environment)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return (error as Error).message
  }
  throw new Error('the plan was accepted')
}

describe('loadPlan', () => {
  it('reads the design sketch with defaults applied', () => {
    const plan = load(VALID_PLAN)
    expect(plan.deploy).toEqual([
      {
        name: 'Apply manifests',
        run: './deploy/apply.sh',
        timeoutMinutes: 10,
        env: {}
      }
    ])
    expect(plan.strategy).toEqual({ type: 'direct' })
    expect(plan.environments.production).toMatchObject({
      production: true,
      requires: ['staging'],
      soakMinutes: 30
    })
    expect(plan.environments.staging).toMatchObject({
      production: false,
      soakMinutes: 0
    })
    expect(plan.parity.allowDifferences).toEqual(['REPLICAS'])
  })

  it('names a step after its command when it has no name', () => {
    const plan = load(
      'version: 1\ndeploy:\n  - run: echo hi\nenvironments:\n  staging: {}\n'
    )
    expect(plan.deploy[0]?.name).toBe('echo hi')
    expect(plan.deploy[0]?.timeoutMinutes).toBe(15)
  })

  const base = (lines: string): string =>
    `version: 1\ndeploy:\n  - run: ./deploy/apply.sh\nenvironments:\n  staging: {}\n${lines}`

  it.each([
    [
      'an unknown top-level key',
      base('deploi: []\n'),
      `${PLAN}:6: deploi: unknown key "deploi" (known: ${Object.keys(planSchema.properties).join(', ')})`
    ],
    [
      'a missing version',
      'deploy:\n  - run: echo\nenvironments:\n  staging: {}\n',
      `${PLAN}:1: missing required key "version"`
    ],
    [
      'version 2',
      base('').replace('version: 1', 'version: 2'),
      `${PLAN}:1: version: must be 1, got number 2`
    ],
    [
      'a string version',
      base('').replace('version: 1', 'version: "1"'),
      `${PLAN}:1: version: must be 1, got string "1"`
    ],
    [
      'no deploy key',
      'version: 1\nenvironments:\n  staging: {}\n',
      `${PLAN}:1: missing required key "deploy"`
    ],
    [
      'an empty deploy',
      'version: 1\ndeploy: []\nenvironments:\n  staging: {}\n',
      `${PLAN}:2: deploy: must list at least 1 item(s)`
    ],
    [
      'deploy as a mapping',
      'version: 1\ndeploy:\n  run: x\nenvironments:\n  staging: {}\n',
      `${PLAN}:2: deploy: must be a list, got a mapping`
    ],
    [
      'a step without run',
      'version: 1\ndeploy:\n  - name: x\nenvironments:\n  staging: {}\n',
      `${PLAN}:3: deploy[0]: missing required key "run"`
    ],
    [
      'an empty run',
      'version: 1\ndeploy:\n  - run: "  "\nenvironments:\n  staging: {}\n',
      `${PLAN}:3: deploy[0].run: must not be empty`
    ],
    [
      'a numeric run',
      'version: 1\ndeploy:\n  - run: 42\nenvironments:\n  staging: {}\n',
      `${PLAN}:3: deploy[0].run: must be a string, got number 42 (quote the value)`
    ],
    [
      'an unknown step key',
      'version: 1\ndeploy:\n  - run: echo\n    timeout: 5\nenvironments:\n  staging: {}\n',
      `${PLAN}:4: deploy[0].timeout: unknown key "timeout" (known: name, run, timeout-minutes, env)`
    ],
    [
      'a zero timeout',
      'version: 1\ndeploy:\n  - run: echo\n    timeout-minutes: 0\nenvironments:\n  staging: {}\n',
      `${PLAN}:4: deploy[0].timeout-minutes: must be > 0`
    ],
    [
      'a text timeout',
      'version: 1\ndeploy:\n  - run: echo\n    timeout-minutes: ten\nenvironments:\n  staging: {}\n',
      `${PLAN}:4: deploy[0].timeout-minutes: must be a number, got string "ten"`
    ],
    [
      'a numeric step variable',
      'version: 1\ndeploy:\n  - run: echo\n    env: { PORT: 80 }\nenvironments:\n  staging: {}\n',
      `${PLAN}:4: deploy[0].env.PORT: must be a string, got number 80 (quote the value)`
    ],
    [
      'a bad variable name',
      'version: 1\ndeploy:\n  - run: echo\n    env: { "MY-VAR": "1" }\nenvironments:\n  staging: {}\n',
      `${PLAN}:4: deploy[0].env.MY-VAR: "MY-VAR" is not valid as a variable name (letters, digits and "_", not starting with a digit)`
    ],
    [
      'no environments',
      'version: 1\ndeploy:\n  - run: echo\n',
      `${PLAN}:1: missing required key "environments"`
    ],
    [
      'empty environments',
      'version: 1\ndeploy:\n  - run: echo\nenvironments: {}\n',
      `${PLAN}:4: environments: must name at least 1 entry`
    ],
    [
      'an environment name with a space',
      'version: 1\ndeploy:\n  - run: echo\nenvironments:\n  "my env": {}\n',
      `${PLAN}:5: environments.my env: "my env" is not valid as a name (letters, digits, "_", "-", "."; no spaces)`
    ],
    [
      'an unknown environment key',
      base('').replace('staging: {}', 'staging:\n    soak: 5'),
      `${PLAN}:6: environments.staging.soak: unknown key "soak" (known: url, env, requires, soak-minutes, production, transient, hosts, slots, auto-rollback, rollback-max-seconds, per-pr, max-idle-days)`
    ],
    [
      'a url without scheme',
      base('').replace('staging: {}', 'staging:\n    url: staging.example.com'),
      `${PLAN}:6: environments.staging.url: must be an http(s) URL, got string "staging.example.com"`
    ],
    [
      'requires as a string',
      base('').replace(
        'staging: {}',
        'staging: {}\n  production:\n    requires: staging'
      ),
      `${PLAN}:7: environments.production.requires: must be a list, got string "staging"`
    ],
    [
      'requires an unknown environment',
      base('').replace(
        'staging: {}',
        'staging: {}\n  prod:\n    requires: [stage]'
      ),
      `${PLAN}:7: environments.prod.requires[0]: unknown environment "stage" (known: staging, prod)`
    ],
    [
      'an environment requiring itself',
      base('').replace('staging: {}', 'staging:\n    requires: [staging]'),
      `${PLAN}:6: environments.staging.requires[0]: "staging" cannot require itself`
    ],
    [
      'a cycle in requires',
      base('').replace(
        'staging: {}',
        'staging:\n    requires: [qa]\n  qa:\n    requires: [staging]'
      ),
      `${PLAN}:6: environments.staging.requires: requires form a cycle: staging → qa → staging; an environment cannot wait for itself`
    ],
    [
      'a negative soak',
      base('').replace('staging: {}', 'staging:\n    soak-minutes: -5'),
      `${PLAN}:6: environments.staging.soak-minutes: must be >= 0`
    ],
    [
      'production as text',
      base('').replace('staging: {}', 'staging:\n    production: "no"'),
      `${PLAN}:6: environments.staging.production: must be true or false, got string "no"`
    ],
    [
      'a missing script file',
      base('').replace('./deploy/apply.sh', './deploy/missing.sh'),
      `${PLAN}:3: deploy[0].run: script "deploy/missing.sh" not found in the repository (paths are relative to its root)`
    ],
    [
      'a missing rollback script',
      base('rollback:\n  - run: scripts/undo.sh --all\n'),
      `${PLAN}:7: rollback[0].run: script "scripts/undo.sh" not found in the repository (paths are relative to its root)`
    ],
    [
      'an unknown strategy',
      base('strategy: { type: rolling }\n'),
      `${PLAN}:6: strategy.type: must be one of direct, blue-green, canary, got string "rolling"`
    ],
    [
      'a strategy without type',
      base('strategy: {}\n'),
      `${PLAN}:6: strategy: missing required key "type"`
    ],
    [
      'an unknown migrations tool',
      base('migrations: { tool: liquibase }\n'),
      `${PLAN}:6: migrations.tool: must be one of sql, command, got string "liquibase"`
    ],
    [
      'a smoke path without slash',
      base('smoke:\n  checks:\n    - { name: health, path: healthz }\n'),
      `${PLAN}:8: smoke.checks[0].path: must start with "/", got string "healthz"`
    ],
    [
      'duplicate allowed differences',
      base('parity:\n  allow-differences: [A, A]\n'),
      `${PLAN}:7: parity.allow-differences: lists a list twice; remove the duplicate`
    ],
    [
      'a duplicate key',
      base('').replace('environments:', 'environments:\n  staging: {}'),
      `${PLAN}:6: invalid YAML: Map keys must be unique`
    ],
    [
      'broken YAML',
      'version: 1\ndeploy: [\n',
      `${PLAN}:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`
    ],
    [
      'a list instead of a plan',
      '- version: 1\n',
      `${PLAN}:1: must be a mapping, got a list`
    ]
  ])('refuses %s with file, line and key', (_case, text, expected) => {
    expect(errorOf(text)).toBe(expected)
  })

  it('refuses an environment the plan does not define', () => {
    expect(errorOf(VALID_PLAN, 'stage')).toBe(
      `${PLAN}: environment "stage" is not defined (known: staging, production). Add it under "environments:" or fix the environment name.`
    )
  })

  it('says how to start when there is no plan and no script', () => {
    const workspace = makeWorkspace({})
    expect(() =>
      loadPlan({ workspace, file: PLAN, environment: 'staging' })
    ).toThrow(
      `${PLAN}: no such file. Add a deployment plan there (see the README), set the "config" input to its path, or give the "script" input.`
    )
  })

  it('builds a one-step plan from the script and url inputs under the same rules', () => {
    const workspace = makeWorkspace(script)
    const plan = loadPlan({
      workspace,
      file: PLAN,
      environment: 'production',
      script: './deploy/apply.sh',
      url: 'https://example.com',
      requires: ['staging']
    })
    expect(plan.deploy.map(step => step.run)).toEqual(['./deploy/apply.sh'])
    expect(plan.environments.production).toMatchObject({
      url: 'https://example.com',
      requires: ['staging'],
      production: true
    })
    expect(() =>
      loadPlan({
        workspace,
        file: PLAN,
        environment: 'staging',
        script: './deploy/nope.sh'
      })
    ).toThrow(
      'input "script": ./deploy/nope.sh is not a file of the repository'
    )
    expect(() =>
      loadPlan({
        workspace,
        file: PLAN,
        environment: 'staging',
        script: './deploy/apply.sh',
        url: 'ftp://x'
      })
    ).toThrow('input "url" must be an http(s) URL, got "ftp://x"')
  })

  it('refuses a plan file and a script input together', () => {
    const workspace = makeWorkspace({ [PLAN]: VALID_PLAN, ...script })
    expect(() =>
      loadPlan({
        workspace,
        file: PLAN,
        environment: 'staging',
        script: './deploy/apply.sh'
      })
    ).toThrow(
      /both a plan \(\.github\/rehearse\.yml\) and the "script" input were given/
    )
  })
})
