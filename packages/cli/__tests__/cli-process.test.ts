import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GitRepo } from '@rehearse/bench'
import { finished, spawnTs } from './support/spawn-ts.js'
import {
  BIN,
  createPlanRepo,
  readLedgerFile,
  rehearse
} from './support/cli-repo.js'

let repo: GitRepo

beforeEach(async () => {
  repo = await createPlanRepo()
})

afterEach(async () => {
  await repo.dispose()
})

const noStack = (text: string): void => expect(text).not.toMatch(/^\s+at /m)

describe('the rehearse process', () => {
  it('prints its version and help with exit 0', async () => {
    expect(await rehearse(['--version'], repo.dir)).toMatchObject({
      code: 0,
      stdout: 'rehearse 0.1.0\n'
    })
    const help = await rehearse(['--help'], repo.dir)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/rehearse run --env <environment>/)
    expect((await rehearse(['promote', '-h'], repo.dir)).stdout).toMatch(
      /--default-branch <name>/
    )
  })

  it('exits 2 on a usage error and points at the help', async () => {
    const result = await rehearse(['run', '--environment', 'staging'], repo.dir)
    expect(result).toMatchObject({ code: 2, stdout: '' })
    expect(result.stderr).toBe(
      'rehearse: unknown option --environment\nRun "rehearse run --help" for usage.\n'
    )
  })

  it('exits 1 with a one-line message and no stack trace for a user mistake', async () => {
    const outside = await rehearse(['status'], tmpdir())
    expect(outside.code).toBe(1)
    expect(outside.stderr).toMatch(
      /^rehearse: .* is not inside a git repository/
    )
    noStack(outside.stderr)
    await writeFile(
      join(repo.dir, '.github', 'rehearse.yml'),
      'version: 1\ndeploy: []\nenvironments: {}\n'
    )
    const badPlan = await rehearse(['run', '--env', 'staging'], repo.dir)
    expect(badPlan.code).toBe(1)
    expect(badPlan.stderr).toMatch(/^rehearse: \.github\/rehearse\.yml:\d+: /)
    noStack(badPlan.stderr)
  })

  it('deploys staging from a subdirectory, streaming the step output, and records it in the ledger', async () => {
    const result = await rehearse(
      ['run', '--env', 'staging'],
      join(repo.dir, 'sub', 'dir')
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const head = await repo.head()
    expect(result.stdout).toContain(`deploying ${head} to staging (blue)`)
    expect(result.stdout).toMatch(
      new RegExp(
        `✓ staging @ ${head.slice(0, 7)} deployed in .* → http://localhost:5001`
      )
    )
    const ledger = readLedgerFile(repo)
    expect(ledger.deployments).toMatchObject([
      { environment: 'staging', sha: head }
    ])
    expect(ledger.deployments[0]?.history.map(h => h.state)).toEqual([
      'in_progress',
      'success'
    ])
    expect(ledger.stages[head]?.map(s => s.state)).toEqual([
      'pending',
      'success'
    ])
  })

  it('warns when tracked files differ from the commit it records, and still runs', async () => {
    await writeFile(join(repo.dir, 'sub', 'dir', 'README'), 'changed\n')
    const result = await rehearse(['run', '--env', 'staging'], repo.dir)
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(
      /^rehearse: warning: 1 tracked file\(s\) differ from \w{7} \(e\.g\. sub\/dir\/README\); commit them/
    )
  })

  it('refuses to run a production environment outside the gate', async () => {
    const result = await rehearse(['run', '--env', 'production'], repo.dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /reached only through the gate. Run: rehearse promote --to production/
    )
  })

  it('refuses a --sha that is not the checked-out commit', async () => {
    const first = (await repo.git('rev-list', '--max-parents=0', 'HEAD')).trim()
    const result = await rehearse(
      ['run', '--env', 'staging', '--sha', first.slice(0, 9)],
      repo.dir
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/checked-out HEAD is .* \[sha_mismatch\]/)
  })

  it('promotes to production through the gate after a successful rehearsal, and shows both in status', async () => {
    expect((await rehearse(['run', '--env', 'staging'], repo.dir)).code).toBe(0)
    const promoted = await rehearse(
      ['promote', '--from', 'staging', '--to', 'production'],
      repo.dir
    )
    expect(promoted.stderr).toBe('')
    expect(promoted.code).toBe(0)
    expect(promoted.stdout).toMatch(/Gate to production: open/)
    expect(promoted.stdout).toContain('(green)')
    const status = await rehearse(['status'], repo.dir)
    expect(status.code).toBe(0)
    const short = (await repo.head()).slice(0, 7)
    expect(status.stdout).toMatch(
      new RegExp(
        `staging +${short} +\\d+s ago +[0-9a-f]{12} +deploy ✓ +-$`,
        'm'
      )
    )
    expect(status.stdout).toMatch(
      new RegExp(`production +${short} +\\d+s ago +[0-9a-f]{12}`)
    )
  })

  it('refuses to promote code that staging has not rehearsed, with its reason code', async () => {
    const result = await rehearse(['promote'], repo.dir)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/Gate to production: closed/)
    expect(result.stderr).toMatch(
      /^rehearse: promotion refused \(no_rehearsal\): .*Deploy it to staging first/
    )
  })

  it('exits 1 when the rehearsal fails, and the gate then refuses the promotion', async () => {
    await writeFile(join(repo.dir, 'fail'), '')
    const run = await rehearse(['run', '--env', 'staging'], repo.dir)
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/it broke/)
    expect(run.stdout).toMatch(
      /✗ staging @ \w+ failed .*step "Deploy" exited with 3/
    )
    const promote = await rehearse(['promote'], repo.dir)
    expect(promote.code).toBe(1)
    expect(promote.stderr).toMatch(
      /promotion refused \(rehearsal_not_successful\)/
    )
    expect(readLedgerFile(repo).deployments.map(d => d.environment)).toEqual([
      'staging'
    ])
  })

  it('stops the running step on SIGINT and leaves nothing pending or in progress', async () => {
    await writeFile(join(repo.dir, 'hang'), '')
    const child = spawnTs(BIN, ['run', '--env', 'staging'], { cwd: repo.dir })
    const done = finished(child)
    await new Promise<void>(resolve => {
      child.stdout?.on('data', (chunk: string) => {
        if (String(chunk).includes('waiting')) resolve()
      })
    })
    child.kill('SIGINT')
    const result = await done
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/cancelled/)
    const ledger = readLedgerFile(repo)
    const head = await repo.head()
    expect(ledger.deployments[0]?.history.at(-1)?.state).toBe('error')
    expect(ledger.stages[head]?.at(-1)?.state).toBe('error')
  })
})
