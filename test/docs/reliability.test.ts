import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'

const ROOT = join(import.meta.dirname, '..', '..')

describe('RELIABILITY.md', () => {
  it('is what scripts/reliability.js makes from reliability/*.json, not typed', () => {
    const check = () =>
      execFileSync(
        process.execPath,
        [join(ROOT, 'scripts', 'reliability.js'), '--check'],
        { cwd: ROOT, stdio: 'pipe' }
      )
    expect(check).not.toThrow()
  })

  it('names the reason codes it promises, as the code has them', () => {
    const text = readFileSync(join(ROOT, 'RELIABILITY.md'), 'utf8')
    for (const code of ['github_unavailable', 'github_rate_limited'])
      expect(text).toContain(`\`${code}\``)
  })
})
