import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import type { GitRepo } from '@rehearse/bench'
import type { DeploymentState } from '@rehearse/engine'
import { createFileLedger } from '../src/ledger/file-ledger.js'
import type { FileLedger } from '../src/ledger/file-ledger.js'
import { createPlanRepo, rehearse } from './support/cli-repo.js'
import { requestFor } from './support/ledger-fixtures.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const C = 'c'.repeat(40)

let repo: GitRepo
let ledger: FileLedger
let now: number

beforeEach(async () => {
  repo = await createPlanRepo()
  // An hour ago, a minute apart: ages print in whole minutes.
  now = Date.now() - 3_600_000
  ledger = createFileLedger(join(repo.dir, '.rehearse', 'ledger.json'), {
    clock: { now: () => new Date(now) }
  })
})

afterEach(async () => {
  await repo.dispose()
})

/** One attempt as the engine records it, `seconds` long. */
async function deploy(
  environment: string,
  sha: string,
  end: DeploymentState,
  creator: string,
  seconds = 30
): Promise<void> {
  const { id } = await ledger.ensureDeployment(
    requestFor(environment, sha, {
      creator,
      production: environment === 'production'
    })
  )
  now += 60_000
  await ledger.setDeploymentState(id, 'in_progress', {})
  now += seconds * 1000
  await ledger.setDeploymentState(id, end, {})
}

describe('rehearse status and history', () => {
  it('shows the commit an environment serves after an older commit was deployed again', async () => {
    await deploy('staging', A, 'success', 'alice')
    await deploy('staging', B, 'success', 'bob')
    await deploy('staging', A, 'success', 'alice')
    await deploy('production', A, 'success', 'alice')
    const status = await rehearse(['status'], repo.dir)
    expect(status.stderr).toBe('')
    expect(status.code).toBe(0)
    expect(status.stdout).toMatch(
      /^staging +aaaaaaa +\d+m ago +aaaaaaaaaaaa +- +-$/m
    )
    expect(status.stdout).toMatch(/^production +aaaaaaa +\d+m ago/m)
    expect(status.stdout).toMatch(/Locks: none\.\n$/)

    // A newer attempt that failed is shown beside what still serves.
    await deploy('staging', C, 'failure', 'carol')
    const after = await rehearse(['status'], repo.dir)
    expect(after.stdout).toMatch(
      /^staging +aaaaaaa +\d+m ago +aaaaaaaaaaaa +- +ccccccc failure \d+m ago$/m
    )
  })

  it("lists an environment's deployments newest first: when, commit, result, who, fingerprint, duration", async () => {
    await deploy('staging', A, 'success', 'alice', 12)
    await deploy('staging', B, 'failure', 'bob', 75)
    await deploy('staging', A, 'success', 'alice', 8)
    const history = await rehearse(['history', 'staging'], repo.dir)
    expect(history.stderr).toBe('')
    expect(history.code).toBe(0)
    const lines = history.stdout.split('\n')
    expect(lines[0]).toMatch(
      /^Deployments of staging, newest first \(.*ledger\.json\)$/
    )
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(/^STARTED +SHA +RESULT +BY +FINGERPRINT +TOOK$/),
      expect.stringMatching(
        /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +aaaaaaa +success +alice +aaaaaaaaaaaa +8\.0 s$/
      ),
      expect.stringMatching(
        / bbbbbbb +failure +bob +bbbbbbbbbbbb +1 min 15 s$/
      ),
      expect.stringMatching(/ aaaaaaa +success +alice +aaaaaaaaaaaa +12\.0 s$/),
      ''
    ])

    const limited = await rehearse(
      ['history', 'staging', '--limit', '1'],
      repo.dir
    )
    expect(
      limited.stdout.split('\n').filter(l => / aaaaaaa | bbbbbbb /.test(l))
    ).toHaveLength(1)
    expect(limited.stdout).toMatch(
      /\nOlder deployments not shown: rehearse history staging --limit 5\n$/
    )
  })

  it('says so when an environment has no deployments, naming those that have', async () => {
    await deploy('staging', A, 'success', 'alice')
    const result = await rehearse(['history', 'prod'], repo.dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /^No deployments of prod in .*ledger\.json\. Environments with deployments: staging\.\n$/
    )
  })
})
