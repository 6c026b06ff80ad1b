import { afterAll, describe, expect, it } from '@jest/globals'
import { compareEnvironments } from '../../src/parity/compare-environments.js'
import { escapeMarkdownCell } from '../../src/parity/escape-markdown.js'
import { renderParityMarkdown } from '../../src/parity/render-parity.js'
import { loadEdited, removeWorkspaces } from '../fingerprint/plan-workspace.js'
import type { Edit } from '../fingerprint/plan-workspace.js'

afterAll(removeWorkspaces)

const SHA = '0123456789abcdef0123456789abcdef01234567'

function render(edit: Edit = () => undefined): string {
  const { plan } = loadEdited(edit)
  return renderParityMarkdown(
    compareEnvironments(plan, 'staging', 'production', { sha: SHA })
  )
}

describe('renderParityMarkdown', () => {
  it('renders a table with a status per row and a verdict', () => {
    expect(render()).toBe(
      [
        '| variable | staging | production | status |',
        '| --- | --- | --- | --- |',
        '| `API_URL` | https://api.staging.example.com | https://api.example.com | ❌ undeclared difference |',
        '| `REPLICAS` | 1 | 6 | 📝 declared difference |',
        `| **artifact** | ghcr.io/acme/shop:${SHA} | ghcr.io/acme/shop:${SHA} | ✅ same |`,
        '| **url** | https://staging.example.com | https://example.com | ℹ️ differs by design |',
        '',
        '❌ **1 undeclared difference** (`API_URL`): promotion is refused. Declare it in `parity.allow-differences` in .github/rehearse.yml, or make staging and production match.',
        ''
      ].join('\n')
    )
  })

  it('counts several undeclared differences and shows absent values', () => {
    const markdown = render(plan => {
      plan.environments.staging.env.DEBUG = 'true'
    })
    expect(markdown).toContain(
      '| `DEBUG` | true | *(absent)* | ❌ undeclared difference |'
    )
    expect(markdown).toContain(
      '❌ **2 undeclared differences** (`API_URL`, `DEBUG`): promotion is refused. Declare them in'
    )
  })

  it('says so when every difference is declared', () => {
    const markdown = render(plan => {
      plan.environments.production.env.API_URL =
        'https://api.staging.example.com'
    })
    expect(markdown).toContain(
      '\nNo undeclared differences: 1 declared in `parity.allow-differences`.\n'
    )
  })

  it('never shows a secret value, and explains the mask', () => {
    const markdown = render(plan => {
      plan.environments.staging.env.DB_PASSWORD = 'hunter2'
      plan.environments.production.env.DB_PASSWORD = 'correct-horse'
    })
    expect(markdown).toContain(
      '| `DB_PASSWORD` | ••• | ••• | ❌ undeclared difference |'
    )
    expect(markdown).not.toMatch(/hunter2|correct-horse/)
    expect(markdown).toContain(
      '`•••`: a secret value, compared but never shown.'
    )
  })

  it('escapes pipes, backticks, HTML and newlines in values', () => {
    const markdown = render(plan => {
      plan.environments.staging.env.BANNER =
        'a | b `c` <img src=x onerror=alert(1)>\nline [x](y)'
    })
    const row = markdown.split('\n').find(line => line.startsWith('| `BANNER`'))
    expect(row).toBe(
      '| `BANNER` | a &#124; b &#96;c&#96; &#60;img src=x onerror=alert(1)&#62;<br>line &#91;x&#93;(y) | *(absent)* | ❌ undeclared difference |'
    )
    expect(row?.split(/(?<!\\)\|/)).toHaveLength(6)
  })
})

describe('escapeMarkdownCell', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a|b', 'a&#124;b'],
    ['`code`', '&#96;code&#96;'],
    ['<b>&amp;</b>', '&#60;b&#62;&#38;amp;&#60;/b&#62;'],
    [
      '**bold** _it_ ~x~',
      '&#42;&#42;bold&#42;&#42; &#95;it&#95; &#126;x&#126;'
    ],
    ['![i](u)', '&#33;&#91;i&#93;(u)'],
    ['a\r\nb\nc', 'a<br>b<br>c'],
    ['back\\slash', 'back&#92;slash']
  ])('shows %j literally', (input, expected) => {
    expect(escapeMarkdownCell(input)).toBe(expected)
  })
})
