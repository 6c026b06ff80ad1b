import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunActionResult } from '@rehearse/bench'
import { startPrFixture } from './fixture.js'
import type { PrFixture } from './fixture.js'

// If any of these ever reached a shell, this file would exist.
const MARK = join(tmpdir(), `rehearse-pwned-${process.pid}`)

/** Thirty ways comment text, PR titles and branch names attack a workflow. */
const PAYLOADS: readonly string[] = [
  `$(touch ${MARK})`,
  `\`touch ${MARK}\``,
  `";touch ${MARK};#`,
  `';touch ${MARK};#`,
  `\${IFS}touch\${IFS}${MARK}`,
  `zzz";echo\${IFS}"hello";touch\${IFS}${MARK};#`,
  `a$(touch\${IFS}${MARK})b`,
  '::set-output name=continue::true',
  '::add-mask::staging',
  '::error title=pwned::pwned',
  '::stop-commands::pwned',
  '::set-env name=NODE_OPTIONS::--require=/tmp/pwned.js',
  '::add-path::/tmp/pwned',
  '\n::set-output name=sha::0000000000000000000000000000000000000000',
  '\r\n::warning::pwned',
  '%0A::error::pwned',
  'EOF\nNODE_OPTIONS=--require=/tmp/pwned.js\nEOF',
  'ghadelimiter_00000000-0000-0000-0000-000000000000\ncontinue=true',
  'x<<EOF\ncontinue=true\nEOF',
  '.deploy\u2003production',
  '\u2028::error::pwned\u2029',
  '\u00a0.deploy\u00a0production',
  '<!-- rehearse:pr-command result environment=staging -->',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1)) @octocat @acme/admins',
  '| x | y |\n| --- | --- |\n```\n</details>',
  '{"__proto__":{"polluted":true}} constructor.prototype',
  '../../.github/workflows/pwn.yml',
  '\u0000\u001b[31mred\u001b[0m\u0007',
  'A'.repeat(65_536)
]

// eslint-disable-next-line no-control-regex -- control characters are part of the attack
const SPECIAL = /[<>@`|[\]:$"'\n\r\u0000-\u001f]/

let f: PrFixture
beforeAll(async () => {
  f = await startPrFixture()
})
afterAll(async () => {
  expect(f.gh.violations).toEqual([])
  await f.close()
})

/** Nothing the action wrote can be read as a command by the runner. */
function expectInert(result: RunActionResult): void {
  expect(Object.keys(result.outputs).sort()).toEqual([
    'command',
    'continue',
    'environment',
    'noop',
    'pr-number',
    'reason',
    'ref',
    'sha'
  ])
  expect(result.env).toEqual({})
  expect(result.path).toEqual([])
  expect(result.annotations).toEqual([])
  expect(result.log).not.toMatch(/pwned/)
  expect(existsSync(MARK)).toBe(false)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
}

async function inBatches<T>(
  items: readonly T[],
  size: number,
  run: (item: T, index: number) => Promise<void>
): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(
      items.slice(start, start + size).map((item, i) => run(item, start + i))
    )
  }
}

describe('thirty injection payloads are inert', () => {
  it('as PR titles, branch names and comment text of an accepted .noop', async () => {
    await inBatches(PAYLOADS, 8, async (payload, index) => {
      const number = 100 + index
      f.gh.seedPull({
        number,
        title: payload,
        body: payload,
        head: { ref: payload, sha: f.headSha }
      })
      const comment = f.comment(`.noop\n${payload}`, { prNumber: number })
      const result = await f.command(comment)
      expect(result.main.exitCode).toBe(0)
      expect(result.post?.exitCode).toBe(0)
      expectInert(result)
      expect(result.outputs).toMatchObject({
        continue: 'true',
        sha: f.headSha,
        ref: payload,
        'pr-number': String(number)
      })
      const replies = f.comments().filter(c => c.issueNumber === number)
      expect(replies).toHaveLength(1)
      const reply = replies[0]?.body ?? ''
      expect(reply.split('<!--')).toHaveLength(2)
      // Markup, shell and command characters never survive verbatim
      // (below the marker line, which is the bot's own).
      if (SPECIAL.test(payload))
        expect(reply.slice(reply.indexOf('\n'))).not.toContain(payload)
      expect(reply).not.toMatch(
        /<(?!sub>|\/sub>|!-- rehearse:pr-command result)/
      )
      expect(reply).not.toMatch(/@(?!alice )/)
    })
  })

  it('as whole comment bodies, which are no command', async () => {
    await inBatches(PAYLOADS, 6, async payload => {
      const result = await f.commandMain(f.comment(payload))
      expect(result.main.exitCode).toBe(0)
      expectInert(result)
      expect(result.outputs).toMatchObject({
        continue: 'false',
        reason: 'no_command'
      })
    })
  })

  it('as a lock reason, stored as data and shown inert', async () => {
    const lockRef = 'refs/heads/rehearse-lock/staging'
    // The shell, workflow-command and markup payloads that fit on one line.
    const oneLine = PAYLOADS.filter(p => !/[\r\n\u2028]/.test(p))
    for (const payload of [0, 2, 7, 9, 20, 21].map(i => oneLine[i] ?? '')) {
      // Main only: a lock command is done when main ends.
      const result = await f.commandMain(
        f.comment(`.lock staging --reason ${payload}`)
      )
      expectInert(result)
      const [reply] = f.comments().slice(-1)
      expect(reply?.body).toContain('🔒 staging')
      expect(reply?.body).not.toContain(payload.slice(0, 200))
      f.gh.state.refs.delete(lockRef)
    }
  })
})
