import { expect, it } from '@jest/globals'
import type { StageReport, StageState, StageStatus } from '@rehearse/engine'
import type { CaseContext } from './ledger-cases.js'
import { payload, request } from './ledger-cases.js'

const byContext = (a: StageStatus, b: StageStatus) =>
  `${a.environment}/${a.stage}`.localeCompare(`${b.environment}/${b.stage}`)

const report = (title: string): StageReport => ({
  title,
  summary: `**${title}**`,
  data: { applied: ['001_init.sql'], p95: 123.5, nested: { ok: true } }
})

/** What is kept beside deployments: payloads, stage statuses, reports. */
export function recordCases({ subject, env }: CaseContext): void {
  it('round-trips the payload and records its creator', async () => {
    const { ledger } = subject()
    const [e, sha] = [env(), await subject().commit()]
    const rehearsedSha = 'f'.repeat(40)
    const full = payload({
      release: { sha, rehearsedSha, artifact: `shop:${rehearsedSha}` },
      creator: 'octocat'
    })
    await ledger.ensureDeployment(request(e, sha, { payload: full }))
    const record = await ledger.findDeployment(e, sha)
    expect(record?.payload).toEqual(full)
    expect(record?.creator).toBe('octocat')
    const [recent] = await ledger.recentDeployments(e, 1)
    expect(recent?.payload).toEqual(full)
    const plain = await ledger.ensureDeployment(request(env(), sha))
    expect(plain.payload).toEqual(payload())
    expect(plain.creator).toBeUndefined()
  })

  it('reads the latest status per rehearse/ context only, slashed environments included', async () => {
    const { ledger, postForeignStatus } = subject()
    const [e, preview] = [env(), env('preview/pr')]
    const [sha, other] = [await subject().commit(), await subject().commit()]
    const post = (environment: string, stage: string, state: StageState) =>
      ledger.setStage(sha, {
        environment,
        stage,
        state,
        description: `${stage} ${state}`
      })
    await post(e, 'migrations', 'pending')
    await post(preview, 'deploy', 'pending')
    await post(e, 'migrations', 'success')
    await post(e, 'deploy', 'pending')
    await post(preview, 'deploy', 'failure')
    // Other tools' statuses, where the store holds any (not the CLI file).
    await postForeignStatus?.(sha, 'ci/build')
    await postForeignStatus?.(sha, 'rehearsed')
    const stages = (await ledger.readStages(sha)).sort(byContext)
    expect(stages.map(s => [s.environment, s.stage, s.state])).toEqual([
      [e, 'deploy', 'pending'],
      [e, 'migrations', 'success'],
      [preview, 'deploy', 'failure']
    ])
    expect(stages[1]?.description).toBe('migrations success')
    for (const stage of stages)
      expect(Date.parse(stage.updatedAt)).not.toBeNaN()
    expect(await ledger.readStages(other)).toEqual([])
  })

  it('keeps the latest report per SHA, environment and stage', async () => {
    const { ledger } = subject()
    const [e, preview] = [env(), env('preview/pr')]
    const [sha, other] = [await subject().commit(), await subject().commit()]
    await ledger.saveReport(sha, e, 'migrations', report('first'))
    await ledger.saveReport(sha, e, 'migrations', report('second'))
    await ledger.saveReport(sha, e, 'smoke', report('smoke'))
    await ledger.saveReport(sha, preview, 'migrations', report('preview'))
    expect(await ledger.readReport(sha, e, 'migrations')).toEqual(
      report('second')
    )
    expect(await ledger.readReport(sha, e, 'smoke')).toEqual(report('smoke'))
    expect(await ledger.readReport(sha, preview, 'migrations')).toEqual(
      report('preview')
    )
    expect(await ledger.readReport(other, e, 'migrations')).toBeUndefined()
    expect(await ledger.readReport(sha, env(), 'migrations')).toBeUndefined()
  })
}
