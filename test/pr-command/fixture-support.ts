import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import type { Emulator } from '@rehearse/bench'
import { createGitHubLedger } from '@rehearse/github'
import type { GitHubOctokit } from '@rehearse/github'
import { root } from '../actions/pipeline-fixture.js'

// structuredClone may return another realm's Map (jest runs tests in a vm).
const isMap = (value: unknown): value is Map<unknown, unknown> =>
  Object.prototype.toString.call(value) === '[object Map]'

// In place: the emulator keeps references to the state's arrays and maps.
// Ids keep counting up, so nothing new reuses an old id.
export function restore(gh: Emulator, snapshot: Emulator['state']): void {
  const state = gh.state as unknown as Record<string, unknown>
  const saved = structuredClone(snapshot) as unknown as Record<string, unknown>
  for (const [key, value] of Object.entries(saved)) {
    const current = state[key]
    if (Array.isArray(current) && Array.isArray(value)) {
      current.length = 0
      current.push(...(value as unknown[]))
    } else if (isMap(current) && isMap(value)) {
      current.clear()
      for (const [k, v] of value) current.set(k, v)
    }
  }
  gh.clearFaults()
  gh.requests.length = 0
  gh.unknownRoutes.length = 0
}

// pr-command's own action.yml without `post`: the bench runs main and post
// back to back, while in a job other steps run between them.
export async function mainOnlyAction(dir: string): Promise<string> {
  const manifest = parse(
    await readFile(join(root, 'actions', 'pr-command', 'action.yml'), 'utf8')
  ) as { runs: Record<string, string> }
  manifest.runs = {
    using: 'node24',
    main: join(root, 'dist', 'pr-command', 'index.js')
  }
  await writeFile(join(dir, 'action.yml'), stringify(manifest))
  return dir
}

/** A staging deployment of `sha` as a finished deploy leaves it. */
export async function seedDeployment(
  octokit: GitHubOctokit,
  sha: string,
  state: 'success' | 'failure'
): Promise<void> {
  const ledger = createGitHubLedger({
    octokit,
    owner: 'acme',
    repo: 'widgets',
    logUrl: undefined
  })
  const deployment = await ledger.ensureDeployment({
    environment: 'staging',
    sha,
    payload: {
      rehearse: 1,
      fingerprint: 'sha256:seeded',
      parts: {},
      plan: {
        steps: ['Build', 'Apply'],
        artifact: undefined,
        strategy: 'direct'
      },
      variables: []
    },
    production: false,
    transient: false,
    description: 'seeded by the test'
  })
  await ledger.setDeploymentState(deployment.id, state, {
    environmentUrl: 'https://staging.example.com'
  })
  await ledger.setStage(sha, {
    environment: 'staging',
    stage: 'deploy',
    state,
    description: `Deployed (${state}) by the test`
  })
}
