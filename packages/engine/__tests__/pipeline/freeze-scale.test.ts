import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '@rehearse/core'
import { activeFreeze } from '../../src/gate/check-freeze.js'
import { runEnvironment } from '../../src/pipeline/run-environment.js'
import { scaleEnvironment } from '../../src/pipeline/scale.js'
import type { RunRequest } from '../../src/pipeline/types.js'
import { memoryDeps, planOf } from './pipeline-fixture.js'

const sha = (n: number): string => String(n).repeat(40)

const plan = (extra = '') => `version: 1
deploy:
  - run: ./deploy.sh
scale-down:
  - run: ./switch.sh
scale-up:
  - run: ./traffic.sh
environments:
  staging: { url: https://staging.example.com }
  production: { url: https://example.com, requires: [staging] }
${extra}`

type Deps = ReturnType<typeof memoryDeps>

function run(
  deps: Deps,
  environment: string,
  n: number,
  text = plan(),
  extra: Partial<RunRequest> = {}
) {
  const loaded = planOf(text, environment) as ReturnType<typeof planOf> & {
    workspace: string
  }
  return runEnvironment(
    {
      plan: loaded,
      environment,
      workspace: loaded.workspace,
      sha: sha(n),
      ref: 'main',
      stages: { deploy: true },
      ...extra
    },
    { ...deps, source: { ...deps.source, headSha: async () => sha(n) } }
  )
}

// The fixture's clock starts 2030-01-01T10:00:00Z, a Tuesday.
const BLACK_FRIDAY = `freeze:
  - reason: New year launch
    from: 2030-01-01T00:00:00Z
    until: 2030-01-02T00:00:00Z
`

describe('change freezes', () => {
  it('refuse production during the window, naming why and when it ends', async () => {
    const deps = memoryDeps()
    await run(deps, 'staging', 1, plan(BLACK_FRIDAY))
    const outcome = await run(deps, 'production', 1, plan(BLACK_FRIDAY))
    expect(outcome).toMatchObject({
      status: 'refused',
      reason: 'change_freeze'
    })
    expect(outcome.message).toBe(
      'production is frozen until 2030-01-02T00:00:00.000Z: "New year launch". Deploy after it ends, or override it explicitly (the freeze-override input, or --override-freeze "<why>"): the override is recorded with who gave it.'
    )
    // Staging is not frozen by a freeze that names no environment.
    expect((await run(deps, 'staging', 2, plan(BLACK_FRIDAY))).status).toBe(
      'success'
    )
  })

  it('let an explicit override through, recorded with who gave it', async () => {
    const deps = memoryDeps()
    await run(deps, 'staging', 1, plan(BLACK_FRIDAY))
    const outcome = await run(deps, 'production', 1, plan(BLACK_FRIDAY), {
      freezeOverride: 'security fix CVE-2030-1'
    })
    expect(outcome.status).toBe('success')
    const [record] = deps.ledger
      .snapshot()
      .deployments.filter(d => d.environment === 'production')
    expect(record?.payload.freezeOverride).toEqual({
      by: 'alice',
      reason: 'security fix CVE-2030-1',
      freeze: 'New year launch'
    })
    expect(
      outcome.gate?.checks.find(c => c.id === 'freeze:production')
    ).toMatchObject({
      ok: true,
      message: expect.stringContaining('overridden by @alice')
    })
  })

  it('freeze a listed rehearsal environment too, which has no gate otherwise', async () => {
    const text = plan(
      BLACK_FRIDAY.replace(
        '  - reason:',
        '  - environments: [staging]\n    reason:'
      )
    )
    const outcome = await run(memoryDeps(), 'staging', 1, text)
    expect(outcome).toMatchObject({
      status: 'refused',
      reason: 'change_freeze'
    })
  })

  it('recur by cron, in UTC', () => {
    const weekends = planOf(
      plan(`freeze:
  - reason: weekend
    cron: "0 18 * * 5"
    duration-hours: 62
`),
      'production'
    )
    const at = (iso: string) =>
      activeFreeze(weekends, 'production', new Date(iso))
    expect(at('2030-01-05T12:00:00Z')?.endsAt.toISOString()).toBe(
      '2030-01-07T08:00:00.000Z'
    )
    expect(at('2030-01-04T17:59:00Z')).toBeUndefined()
    expect(at('2030-01-04T18:00:00Z')).toBeDefined()
    expect(at('2030-01-07T08:00:00Z')).toBeUndefined()
  })

  it.each([
    [
      'a window of both kinds',
      '  - { reason: x, from: 2030-01-01T00:00:00Z, until: 2030-01-02T00:00:00Z, cron: "0 0 * * *", duration-hours: 1 }\n',
      'give either'
    ],
    [
      'a date without a zone',
      '  - { reason: x, from: 2030-01-01T00:00:00, until: 2030-01-02T00:00:00Z }\n',
      'freeze[0].from: must be a date and time with a zone'
    ],
    [
      'an end before the start',
      '  - { reason: x, from: 2030-01-02T00:00:00Z, until: 2030-01-01T00:00:00Z }\n',
      'freeze[0].until: must come after "from"'
    ],
    [
      'a bad cron',
      '  - { reason: x, cron: "every friday", duration-hours: 1 }\n',
      'freeze[0].cron: must be a 5-field cron expression'
    ],
    [
      'an unknown environment',
      '  - { reason: x, environments: [prod], from: 2030-01-01T00:00:00Z, until: 2030-01-02T00:00:00Z }\n',
      'freeze[0].environments[0]: unknown environment "prod"'
    ]
  ])(
    'are refused at load time when malformed: %s',
    (_case, freeze, expected) => {
      expect(() => planOf(plan(`freeze:\n${freeze}`))).toThrow(expected)
    }
  )
})

describe('scaling a rehearsal environment', () => {
  it('scales down on schedule, and a later deploy scales up first', async () => {
    const deps = memoryDeps()
    await run(deps, 'staging', 1)
    const loaded = planOf(plan()) as ReturnType<typeof planOf> & {
      workspace: string
    }
    const down = await scaleEnvironment(
      {
        plan: loaded,
        environment: 'staging',
        workspace: loaded.workspace,
        direction: 'down'
      },
      deps
    )
    expect(down).toMatchObject({ status: 'success' })
    expect(deps.ran.at(-1)).toMatchObject({
      command: './switch.sh',
      env: { REHEARSE_SCALE: 'down', REHEARSE_SHA: sha(1) }
    })
    deps.ran.length = 0
    expect((await run(deps, 'staging', 2)).status).toBe('success')
    expect(deps.ran.map(r => [r.command, r.env.REHEARSE_SHA])).toEqual([
      ['./traffic.sh', sha(1)],
      ['./deploy.sh', sha(2)]
    ])
    expect(deps.locks.snapshot()).toEqual({})
  })

  it('never scales production', async () => {
    const loaded = planOf(plan(), 'production') as ReturnType<typeof planOf> & {
      workspace: string
    }
    await expect(
      scaleEnvironment(
        {
          plan: loaded,
          environment: 'production',
          workspace: loaded.workspace,
          direction: 'down'
        },
        memoryDeps()
      )
    ).rejects.toThrow(ConfigurationError)
  })
})
