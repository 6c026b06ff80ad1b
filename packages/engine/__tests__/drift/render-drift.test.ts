import { describe, expect, it } from '@jest/globals'
import {
  describeDriftRow,
  renderDriftMarkdown,
  renderFactsMarkdown
} from '../../src/drift/render-drift.js'
import type { DriftReport, DriftRow } from '../../src/drift/types.js'
import { planOf } from '../pipeline/pipeline-fixture.js'

const rows: DriftRow[] = [
  {
    kind: 'release',
    name: 'release',
    from: 'abc1234',
    to: 'abc1234',
    status: 'same',
    note: ''
  },
  {
    kind: 'variables',
    name: 'variable names',
    from: '2 names',
    to: '2 names',
    status: 'same',
    note: ''
  },
  {
    kind: 'variable',
    name: 'CDN_URL',
    from: undefined,
    to: 'set',
    status: 'drift',
    note: 'only in production'
  },
  {
    kind: 'fact',
    name: 'runtime',
    from: 'node | 22 <b>',
    to: 'node 20',
    status: 'declared',
    note: 'declared in parity.allow-differences'
  },
  {
    kind: 'fact',
    name: 'token-hint',
    from: '•••',
    to: '•••',
    status: 'drift',
    note: '',
    masked: true
  }
]

const report = (drift: DriftRow[]): DriftReport => ({
  file: '.github/rehearse.yml',
  checkedAt: '2030-01-01T10:00:00.000Z',
  pairs: [{ from: 'staging', to: 'production', relation: 'same', rows, drift }],
  driftCount: drift.length,
  facts: {}
})

describe('renderDriftMarkdown', () => {
  it('draws one table per pair and says what to do about the drift', () => {
    const drift = rows.filter(row => row.status === 'drift')
    expect(renderDriftMarkdown(report(drift))).toBe(
      [
        '#### staging → production',
        '',
        '| | staging | production | status |',
        '| --- | --- | --- | --- |',
        '| **release** | `abc1234` | `abc1234` | ✅ same |',
        '| **variable names** | 2 names | 2 names | ✅ same |',
        '| `CDN_URL` | *(absent)* | set | ❌ drift: only in production |',
        '| fact `runtime` | node &#124; 22 &#60;b&#62; | node 20 | 📝 declared difference |',
        '| fact `token-hint` | ••• | ••• | ❌ drift |',
        '',
        '`•••`: looks like a secret; compared, never shown.',
        '',
        '❌ **2 undeclared differences** (staging → production: `CDN_URL`, fact `token-hint`). Bring the environments back in line, or declare an intended difference of a variable or fact in `parity.allow-differences` in .github/rehearse.yml.',
        ''
      ].join('\n')
    )
  })

  it('says there is no drift when every difference is expected', () => {
    expect(renderDriftMarkdown(report([]))).toContain(
      '✅ **No drift**: every difference is a release awaiting promotion or declared in `parity.allow-differences` (.github/rehearse.yml).'
    )
  })

  it('says when no environment requires another', () => {
    expect(renderDriftMarkdown({ ...report([]), pairs: [] })).toBe(
      'No environment of .github/rehearse.yml requires another: nothing to compare.\n'
    )
  })
})

describe('describeDriftRow', () => {
  it.each<[DriftRow['status'], string, string]>([
    ['same', '', 'same'],
    ['informational', 'staging is ahead', 'staging is ahead'],
    ['declared', 'declared in parity.allow-differences', 'declared difference'],
    ['drift', 'only in production', 'DRIFT: only in production'],
    ['drift', '', 'DRIFT']
  ])('%s (%s) reads "%s"', (status, note, text) => {
    const row: DriftRow = {
      kind: 'fact',
      name: 'x',
      from: '1',
      to: '2',
      status,
      note
    }
    expect(describeDriftRow(row)).toBe(text)
  })
})

describe('renderFactsMarkdown', () => {
  const plan = planOf(`version: 1
deploy:
  - run: ./deploy.sh
facts:
  database-version: { run: ./metric.sh }
environments:
  staging: { url: https://staging.example.com }
  production: { url: https://example.com, requires: [staging] }
`)

  it('tables the facts of two environments for the promote summary', () => {
    const reading = (environment: string, value: string) => ({
      fact: 'database-version',
      environment,
      known: true,
      value,
      masked: false
    })
    const text = renderFactsMarkdown(
      plan,
      {
        'database-version': {
          staging: reading('staging', '16.2'),
          production: reading('production', '15.4')
        }
      },
      'staging',
      'production'
    )
    expect(text).toBe(
      [
        '| | staging | production | status |',
        '| --- | --- | --- | --- |',
        '| fact `database-version` | 16.2 | 15.4 | ❌ drift |',
        ''
      ].join('\n')
    )
  })

  it('is empty for a plan without facts', () => {
    expect(
      renderFactsMarkdown({ ...plan, facts: [] }, {}, 'staging', 'production')
    ).toBe('')
  })
})
