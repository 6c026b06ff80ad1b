import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { inCliWords } from '../src/commands/cli-words.js'

// Messages the shared packages write for the actions, as the CLI prints
// them: flags and the shell, never action inputs.
describe('CLI words', () => {
  it.each([
    [
      'no database URL for staging: no URL. Pass the "database-url" input (from a secret), or set DATABASE_URL in the job\'s env.',
      'no database URL for staging: no URL. Set DATABASE_URL in your shell (export DATABASE_URL=postgres://…) before running rehearse.'
    ],
    [
      'no URL to check for qa: set environments.qa.url in .github/rehearse.yml or the "url" input (e.g. the deploy step\'s environment-url output)',
      'no URL to check for qa: set environments.qa.url in .github/rehearse.yml'
    ],
    [
      'production is frozen until Monday: "release week". Deploy after it ends, or override it explicitly (the freeze-override input, or --override-freeze "<why>"): the override is recorded with who gave it.',
      'production is frozen until Monday: "release week". Deploy after it ends, or override it explicitly (--override-freeze "<why>"): the override is recorded with who gave it.'
    ],
    [
      'preview is a per-PR environment: give the pull request (the pr-number input, a pull_request event, or --pr <number>), or name its environment, e.g. preview/pr-42.',
      'preview is a per-PR environment: give the pull request (--pr <number>), or name its environment, e.g. preview/pr-42.'
    ],
    [
      'no source database URL: set REPLICA_URL in the job\'s env from a secret (the production replica), or pass the "source-url" input.',
      "no source database URL: set REPLICA_URL in your shell to the production replica's URL."
    ],
    [
      'the database URL (input "database-url") names prod-db.internal',
      'the database URL names prod-db.internal'
    ]
  ])('%s', (message, said) => {
    expect(inCliWords(message)).toBe(said)
    expect(said).not.toMatch(/\binput\b/)
  })
})

// Every phrase about an action input in the packages the CLI shares with
// the actions is either said in CLI words, or can only be reached through
// an action input the CLI never passes (script, url, baseline, …).
const ACTION_ONLY: readonly (readonly [string, RegExp])[] = [
  [
    'packages/engine/src/plan/load-plan.ts',
    /"script" input|input "script"|input "url"|the "url" input/
  ],
  ['packages/engine/src/plan-types.ts', /the "url" input/],
  ['packages/smoke/src/baseline/find-baseline.ts', /input "baseline"/],
  ['packages/smoke/src/stage/smoke-stage.ts', /input "url"/],
  // Only with warnEmbedded, which the CLI never sets.
  ['packages/migrations/src/stage/migration-stage.ts', /"database-url" input/],
  // rehearse-rollback is an input only; the CLI passes auto.
  ['packages/migrations/src/run/decide-rehearsal.ts', /Remove the input here/],
  ['packages/data/src/refresh/resolve-urls.ts', /the "source-url" input'/]
]

const PHRASE =
  /"[a-z-]+" input|input "[a-z-]+"|the [a-z-]+ input\b|the input here/

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

describe('input phrases in the shared packages', () => {
  it('are said in CLI words or reachable only from the actions', () => {
    const root = join(import.meta.dirname, '..', '..', '..')
    const left: string[] = []
    for (const pkg of ['engine', 'migrations', 'smoke', 'data']) {
      for (const file of sources(join(root, 'packages', pkg, 'src'))) {
        const where = relative(root, file)
        const text = readFileSync(file, 'utf8')
        for (const match of text.matchAll(/`[^`]*`|'[^'\n]*'/g)) {
          const said = inCliWords(match[0])
          if (!PHRASE.test(said)) continue
          const allowed = ACTION_ONLY.some(
            ([path, phrase]) => path === where && phrase.test(match[0])
          )
          if (!allowed) left.push(`${where}: ${said.slice(0, 120)}`)
        }
      }
    }
    expect(left).toEqual([])
  })
})
