import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { Octokit } from '@octokit/rest'
import { createGitRepo, startEmulator } from '@rehearse/bench'
import type { Emulator, GitRepo } from '@rehearse/bench'
import { DRIFT_LABEL, DRIFT_MARKER, syncDriftIssue } from '@rehearse/github'
import type { DriftIssueContent } from '@rehearse/github'

// syncDriftIssue against the OpenAPI-validated emulator.

let repo: GitRepo
let gh: Emulator
let options: { octokit: Octokit; owner: string; repo: string }

beforeEach(async () => {
  repo = await createGitRepo()
  await repo.commit({ files: { 'README.md': '# widgets\n' }, message: 'init' })
  gh = await startEmulator({ owner: 'acme', repo: 'widgets', gitDir: repo.dir })
  options = {
    octokit: new Octokit({ auth: 'token', baseUrl: gh.url }),
    owner: 'acme',
    repo: 'widgets'
  }
})

afterEach(async () => {
  expect(gh.violations).toEqual([])
  await gh.close()
  await repo.dispose()
})

const drifting = (body: string): DriftIssueContent => ({
  drift: true,
  title: 'Drift: production differs from staging',
  body,
  checked: '2030-01-01T04:17:00Z'
})
const settled: DriftIssueContent = { ...drifting(''), drift: false }

async function seed(body: string, labels: string[], state = 'open') {
  const { data } = await options.octokit.rest.issues.create({
    ...options,
    title: 'someone else',
    body,
    labels
  })
  if (state === 'closed')
    await options.octokit.rest.issues.update({
      ...options,
      issue_number: data.number,
      state: 'closed'
    })
  return data.number
}

describe('syncDriftIssue', () => {
  it('does nothing without drift and without an issue', async () => {
    expect(await syncDriftIssue(options, settled)).toEqual({ action: 'none' })
    expect(gh.state.issues).toEqual([])
  })

  it('edits only when the report changed', async () => {
    const opened = await syncDriftIssue(options, drifting('A'))
    expect(opened).toMatchObject({ action: 'opened', number: 1 })
    expect(gh.state.issues[0]?.body).toBe(`${DRIFT_MARKER}\nA`)
    expect(await syncDriftIssue(options, drifting('A'))).toMatchObject({
      action: 'unchanged'
    })
    expect(await syncDriftIssue(options, drifting('B'))).toMatchObject({
      action: 'updated',
      number: 1
    })
    expect(gh.state.issues[0]?.body).toBe(`${DRIFT_MARKER}\nB`)
    expect(gh.state.issues).toHaveLength(1)
  })

  it('ignores issues without its label or marker, and pull requests', async () => {
    await seed(`${DRIFT_MARKER}\nquoted by a person`, [])
    await seed('mentions drift', [DRIFT_LABEL])
    gh.seedPull({
      number: 50,
      head: { ref: 'topic', sha: await repo.head() },
      body: `${DRIFT_MARKER}\nx`,
      labels: [DRIFT_LABEL]
    })
    const result = await syncDriftIssue(options, drifting('A'))
    expect(result.action).toBe('opened')
    expect(gh.state.issues).toHaveLength(3)
  })

  it('reopens the newest closed drift issue instead of opening a second', async () => {
    const older = await seed(`${DRIFT_MARKER}\nold`, [DRIFT_LABEL], 'closed')
    const newer = await seed(`${DRIFT_MARKER}\nnew`, [DRIFT_LABEL], 'closed')
    const result = await syncDriftIssue(options, drifting('again'))
    expect(result).toMatchObject({ action: 'reopened', number: newer })
    const byNumber = (n: number) => gh.state.issues.find(i => i.number === n)
    expect(byNumber(newer)).toMatchObject({
      state: 'open',
      stateReason: 'reopened',
      body: `${DRIFT_MARKER}\nagain`
    })
    expect(byNumber(older)?.state).toBe('closed')
    expect(gh.state.comments.map(c => c.body)).toEqual([
      '⚠️ Drift is back: 2030-01-01T04:17:00Z'
    ])
  })

  it('closes the open one with a comment when drift ends', async () => {
    await syncDriftIssue(options, drifting('A'))
    expect(await syncDriftIssue(options, settled)).toMatchObject({
      action: 'closed',
      number: 1
    })
    expect(gh.state.issues[0]).toMatchObject({
      state: 'closed',
      stateReason: 'completed'
    })
    expect(gh.state.comments.map(c => c.body)).toEqual([
      '✅ Drift ended: 2030-01-01T04:17:00Z'
    ])
    expect(await syncDriftIssue(options, settled)).toMatchObject({
      action: 'none'
    })
  })
})
