import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { startPipeline } from '../actions/pipeline-fixture.js'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { driftPlan, FACT_SCRIPT, factsDir } from './drift-fixture.js'
import type { FactsDir } from './drift-fixture.js'

// deploy-to-staging `mode: drift` as the nightly workflow runs it: the
// bundled action as a process against the emulator, after a real deploy to
// staging and promotion to production through the bundled actions.

const DECLARED = ['REPLICAS', 'CDN_URL']
const MARKER = '<!-- rehearse:drift -->'

let p: Pipeline
let facts: FactsDir

beforeEach(async () => {
  facts = factsDir()
  facts.set({ staging: '16.2', production: '16.2' })
  p = await startPipeline({
    '.github/rehearse.yml': driftPlan(DECLARED),
    'facts/database-version.sh': FACT_SCRIPT
  })
  const env = { env: { FACTS_DIR: facts.dir } }
  expect((await p.run('deploy-to-staging', {}, env)).main.exitCode).toBe(0)
  expect((await p.run('promote-to-prod', {}, env)).main.exitCode).toBe(0)
})

afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  facts.remove()
})

const drift = () =>
  p.run(
    'deploy-to-staging',
    { mode: 'drift' },
    { env: { FACTS_DIR: facts.dir } }
  )
const issues = () => p.gh.state.issues
const issueWrites = () =>
  p.writes().filter(w => w.path.startsWith('/repos/acme/widgets/issues'))

describe('deploy-to-staging mode: drift', () => {
  it('opens one issue when a fact differs only in production, updates it, closes it when drift ends', async () => {
    // Nothing drifts: the production-only variable is declared.
    let result = await drift()
    expect(result.main.exitCode).toBe(0)
    expect(result.outputs).toEqual({
      drift: 'false',
      'drift-issue': '',
      reason: ''
    })
    expect(result.summary).toContain('### Drift check')
    expect(result.summary).toContain('#### staging → production')
    expect(result.summary).toContain(
      '| `CDN_URL` | *(absent)* | set | 📝 declared difference |'
    )
    expect(result.summary).toContain(
      '| fact `database-version` | 16.2 | 16.2 | ✅ same |'
    )
    expect(result.summary).toContain('✅ **No drift**')
    expect(issues()).toEqual([])

    // Production's database moves to another version: drift, one issue.
    facts.set({ production: '15.4' })
    result = await drift()
    expect(result.main.exitCode).toBe(0)
    expect(result.outputs.drift).toBe('true')
    expect(issues()).toHaveLength(1)
    const [issue] = issues()
    expect(result.outputs['drift-issue']).toBe(
      `https://github.com/acme/widgets/issues/${issue?.number}`
    )
    expect(issue).toMatchObject({
      state: 'open',
      title: 'Drift: production differs from staging',
      labels: ['rehearse-drift'],
      user: 'github-actions[bot]'
    })
    expect(issue?.body?.startsWith(`${MARKER}\n`)).toBe(true)
    expect(issue?.body).toContain(
      '| fact `database-version` | 16.2 | 15.4 | ❌ drift |'
    )
    expect(result.summary).toContain(
      `Opened the drift issue [#${issue?.number}]`
    )
    expect(result.annotations.map(a => a.message)).toContain(
      'drift: staging → production: fact database-version'
    )

    // The same drift again: the issue already says so; nothing is written.
    const before = issueWrites().length
    result = await drift()
    expect(result.summary).toContain('already says this')
    expect(issueWrites().length).toBe(before)

    // The variable is no longer declared: the issue is edited, not doubled.
    await p.commit(
      { '.github/rehearse.yml': driftPlan(['REPLICAS']) },
      'undeclare'
    )
    result = await drift()
    expect(issues()).toHaveLength(1)
    expect(issues()[0]?.body).toContain(
      '| `CDN_URL` | *(absent)* | set | ❌ drift: only in production |'
    )
    expect(result.summary).toContain('Updated the drift issue')

    // Declared again and the database back in line: closed with a comment.
    await p.commit({ '.github/rehearse.yml': driftPlan(DECLARED) }, 'declare')
    facts.set({ production: '16.2' })
    result = await drift()
    expect(result.outputs.drift).toBe('false')
    expect(issues()).toHaveLength(1)
    expect(issues()[0]).toMatchObject({
      state: 'closed',
      stateReason: 'completed'
    })
    const comments = p.gh.state.comments.filter(
      c => c.issueNumber === issue?.number
    )
    expect(comments.map(c => c.body)).toEqual([
      expect.stringMatching(/^✅ Drift ended: \d{4}-/)
    ])
    expect(result.summary).toContain('Closed the drift issue')

    // No drift and a closed issue: nothing to do.
    const settled = issueWrites().length
    await drift()
    expect(issueWrites().length).toBe(settled)

    // Drift comes back: the same issue is reopened, never a second one.
    facts.set({ production: '17.0' })
    result = await drift()
    expect(issues()).toHaveLength(1)
    expect(issues()[0]?.state).toBe('open')
    expect(result.summary).toContain('Reopened the drift issue')
    expect(
      p
        .writes()
        .filter(
          w => w.method === 'POST' && w.path === '/repos/acme/widgets/issues'
        )
    ).toHaveLength(1)
  })

  it('reports nothing for a fact declared in parity.allow-differences', async () => {
    await p.commit(
      { '.github/rehearse.yml': driftPlan([...DECLARED, 'database-version']) },
      'declare the database version'
    )
    facts.set({ production: '15.4' })
    const result = await drift()
    expect(result.outputs.drift).toBe('false')
    expect(result.summary).toContain(
      '| fact `database-version` | 16.2 | 15.4 | 📝 declared difference |'
    )
    expect(issues()).toEqual([])
  })

  it('opens the issue once when GitHub created it but answered 502', async () => {
    facts.set({ production: '15.4' })
    p.gh.inject({ kind: 'applied-then-502', operationId: 'issues/create' })
    const result = await drift()
    expect(result.main.exitCode).toBe(0)
    expect(issues()).toHaveLength(1)
    expect(result.summary).toContain(
      `Opened the drift issue [#${issues()[0]?.number}]`
    )
    expect(result.annotations.map(a => a.message).join('\n')).toContain(
      'checking whether GitHub opened it before trying again'
    )
  })
})
