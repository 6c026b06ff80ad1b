import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createGitRepo } from '@rehearse/bench'
import type { GitRepo } from '@rehearse/bench'
import { finished, spawnTs } from './spawn-ts.js'
import type { Finished } from './spawn-ts.js'

/** The CLI's entry point, run from source. */
export const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url))

/**
 * A small plan: one step that fails while the untracked file `fail`
 * exists, prints 100000 lines while `loud` exists, and while `hang` exists
 * writes its pid to `step.pid` and sleeps.
 */
export const PLAN = `version: 1
deploy:
  - name: Deploy
    run: ./deploy.sh
environments:
  staging:
    url: http://localhost:5001
    env: { COLOR: blue }
  production:
    url: https://shop.example.com
    env: { COLOR: green }
    requires: [staging]
parity:
  allow-differences: [COLOR]
`

const DEPLOY = `#!/usr/bin/env bash
echo "deploying $REHEARSE_SHA to $REHEARSE_ENVIRONMENT ($COLOR)"
if [[ -f fail ]]; then echo "it broke" >&2; exit 3; fi
if [[ -f loud ]]; then seq 1 100000; fi
if [[ -f hang ]]; then echo $$ > step.pid; echo "waiting"; exec sleep 30; fi
echo done
`

/** A git repository on main with the plan and its script committed. */
export async function createPlanRepo(): Promise<GitRepo> {
  const repo = await createGitRepo()
  await repo.commit({
    files: {
      '.github/rehearse.yml': PLAN,
      'deploy.sh': DEPLOY,
      '.gitignore': '.rehearse/\nfail\nhang\nloud\nstep.pid\n',
      'sub/dir/README': 'a subdirectory\n'
    },
    message: 'plan'
  })
  spawnSync('chmod', ['+x', join(repo.dir, 'deploy.sh')])
  await repo.commit({ message: 'executable', files: {} })
  return repo
}

/** Runs `rehearse <args>` as a process in `cwd`. */
export function rehearse(
  args: readonly string[],
  cwd: string
): Promise<Finished> {
  return finished(spawnTs(BIN, args, { cwd }))
}

/** The repository's ledger file, parsed. */
export function readLedgerFile(repo: GitRepo): {
  deployments: {
    environment: string
    sha: string
    history: { state: string }[]
  }[]
  stages: Record<
    string,
    { environment: string; stage: string; state: string }[]
  >
} {
  return JSON.parse(
    readFileSync(join(repo.dir, '.rehearse', 'ledger.json'), 'utf8')
  )
}
