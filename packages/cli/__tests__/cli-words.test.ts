import { describe, expect, it } from '@jest/globals'
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
      'the database URL (input "database-url") names prod-db.internal',
      'the database URL names prod-db.internal'
    ]
  ])('%s', (message, said) => {
    expect(inCliWords(message)).toBe(said)
    expect(said).not.toMatch(/\binput\b/)
  })
})
