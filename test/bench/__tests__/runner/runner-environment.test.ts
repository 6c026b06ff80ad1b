import { readFile, rm } from 'node:fs/promises'
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { runAction } from '../../src/runner/index.js'
import { TINY_ACTION, variantAction } from './tiny-action.js'

const removals: Array<() => Promise<void>> = []
afterAll(async () => {
  await Promise.all(removals.map(remove => remove()))
})

async function variant(inputs: string, using = 'node24'): Promise<string> {
  const action = await variantAction({ using }, inputs)
  removals.push(action.remove)
  return action.dir
}

async function environmentOf(
  options: Partial<Parameters<typeof runAction>[0]> = {}
): Promise<Record<string, string>> {
  const result = await runAction({
    scanSecrets: false, // the tiny action leaks on purpose
    actionDir: TINY_ACTION,
    inputs: { mode: 'env', who: 'bench' },
    ...options
  })
  return JSON.parse(result.outputs['env'] ?? 'null') as Record<string, string>
}

describe('the environment a step gets', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })

  it('is fresh: nothing leaks from the calling process', async () => {
    process.env['HTTPS_PROXY'] = 'http://proxy.invalid:3128'
    process.env['NODE_OPTIONS'] = '--max-old-space-size=64'
    process.env['REHEARSE_LEAK'] = 'leaked'
    const env = await environmentOf()
    expect(Object.keys(env).filter(k => /proxy/i.test(k))).toEqual([])
    expect(env['NODE_OPTIONS']).toBeUndefined()
    expect(env['REHEARSE_LEAK']).toBeUndefined()
    expect(env['HOME']).toMatch(/rehearse-job-.*\/home$/)
  })

  it('has the variables the runner sets, with INPUT_ names as it spells them', async () => {
    const env = await environmentOf({
      github: { ref: 'refs/tags/v1.2.0', repository: 'acme/gadgets' }
    })
    expect(env).toMatchObject({
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/gadgets',
      GITHUB_REPOSITORY_OWNER: 'acme',
      GITHUB_REF_NAME: 'v1.2.0',
      GITHUB_REF_TYPE: 'tag',
      GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
      GITHUB_ACTION_PATH: TINY_ACTION,
      RUNNER_OS: 'Linux',
      'INPUT_DRY-RUN': 'false',
      INPUT_MAX_ITEMS: '3'
    })
    for (const name of ['OUTPUT', 'STATE', 'ENV', 'PATH', 'STEP_SUMMARY']) {
      expect(env[`GITHUB_${name}`]).toMatch(/_runner_file_commands\//)
    }
    expect(env['GITHUB_WORKSPACE']).toMatch(/\/work\/gadgets\/gadgets$/)
  })

  it("applies the step's env but never over the runner's own variables", async () => {
    const env = await environmentOf({
      env: { DEPLOY_TARGET: 'staging', GITHUB_SHA: 'forged' }
    })
    expect(env['DEPLOY_TARGET']).toBe('staging')
    expect(env['GITHUB_SHA']).toMatch(/^[0-9a-f]{40}$/)
  })

  it('points GITHUB_EVENT_PATH at the payload and sets the event name', async () => {
    const result = await runAction({
      scanSecrets: false, // the tiny action leaks on purpose
      actionDir: TINY_ACTION,
      inputs: { mode: 'env', who: 'bench' },
      event: {
        name: 'pull_request',
        payload: {
          pull_request: { base: { ref: 'main' }, head: { ref: 'feature' } }
        }
      },
      keepTemp: true
    })
    removals.push(() =>
      rm(result.tempDir as string, { recursive: true, force: true })
    )
    const env = JSON.parse(result.outputs['env'] as string) as Record<
      string,
      string
    >
    const payload = JSON.parse(
      await readFile(env['GITHUB_EVENT_PATH'] as string, 'utf8')
    )
    expect(env['GITHUB_EVENT_NAME']).toBe('pull_request')
    expect(payload.pull_request.head.ref).toBe('feature')
    expect(env['GITHUB_HEAD_REF']).toBe('feature')
    expect(env['GITHUB_BASE_REF']).toBe('main')
  })
})

describe('inputs, as the runner resolves them', () => {
  it('warns about inputs the action does not declare, and passes them on', async () => {
    const result = await runAction({
      scanSecrets: false, // the tiny action leaks on purpose
      actionDir: TINY_ACTION,
      inputs: { mode: 'env', who: 'bench', 'dry-rn': true, 'old-flag': 'x' }
    })
    const env = JSON.parse(result.outputs['env'] as string) as Record<
      string,
      string
    >
    expect(env['INPUT_DRY-RN']).toBe('true')
    const warnings = result.annotations.filter(a => a.stage === 'setup')
    expect(warnings.map(a => [a.level, a.message])).toEqual([
      [
        'warning',
        "Input 'old-flag' has been deprecated with message: Use dry-run instead"
      ],
      [
        'warning',
        "Unexpected input(s) 'dry-rn', valid inputs are ['mode', 'who', " +
          "'greeting', 'dry-run', 'max items', 'token', 'repo-url', 'old-flag']"
      ]
    ])
  })

  it('rejects a default expression it cannot evaluate', async () => {
    const dir = await variant(
      '  key:\n    default: ${{ secrets.DEPLOY_KEY }}\n'
    )
    await expect(runAction({ actionDir: dir })).rejects.toThrow(
      /input "key": unsupported expression "\$\{\{ secrets.DEPLOY_KEY \}\}"/
    )
  })

  it('fails clearly when the node binary cannot start', async () => {
    await expect(
      runAction({
        scanSecrets: false, // the tiny action leaks on purpose
        actionDir: TINY_ACTION,
        inputs: { who: 'bench' },
        node: '/nonexistent/node'
      })
    ).rejects.toThrow(/cannot start \/nonexistent\/node: spawn .*ENOENT/)
  })

  it('refuses actions that are not node20 or node24', async () => {
    const dir = await variant('', 'node16')
    await expect(runAction({ actionDir: dir })).rejects.toThrow(
      /runs.using is "node16"/
    )
  })
})
