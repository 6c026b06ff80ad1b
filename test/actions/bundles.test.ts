import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { contracts } from '@rehearse/actions'
import type { ActionName } from '@rehearse/actions'
import { findNode24, runAction, startEmulator } from '@rehearse/bench'
import type { Emulator } from '@rehearse/bench'

const root = join(import.meta.dirname, '..', '..')
const node24 = findNode24()
if (!node24) throw new Error('Node 24 is missing: run "npm run node24" first')
const runtimes: [string, string][] = [
  ['Node 20', process.execPath],
  ['Node 24', node24]
]
const actions = Object.keys(contracts) as ActionName[]
const NO_PLAN =
  '.github/rehearse.yml: no such file. Add a deployment plan there (see the README), set the "config" input to its path, or give the "script" input.'
// What each bundle says when run with its defaults in an empty workspace.
const firstWords: Record<ActionName, string> = {
  'pr-command':
    'runs on issue_comment events, but this run was triggered by "push". Trigger the workflow with on: issue_comment: types: [created].',
  'deploy-to-staging': NO_PLAN,
  'run-migrations': NO_PLAN,
  'smoke-test': NO_PLAN,
  'promote-to-prod': NO_PLAN,
  'refresh-data':
    '.github/rehearse.yml: no such file. Add the deployment plan with its data: section there (see the README), or set the "config" input to its path.'
}

let gh: Emulator
beforeAll(async () => {
  gh = await startEmulator({ owner: 'acme', repo: 'widgets' })
})
afterAll(async () => gh.close())

describe.each(runtimes)('the bundled actions on %s', (_runtime, node) => {
  it.each(actions)(
    '%s refuses cleanly without a plan or implementation, touching nothing',
    async action => {
      const before = gh.requests.length
      const result = await runAction({
        actionDir: join(root, 'actions', action),
        github: { apiUrl: gh.url },
        node
      })
      expect(result.main.exitCode).toBe(1)
      expect(result.annotations).toContainEqual(
        expect.objectContaining({
          level: 'error',
          message: `${action}: ${firstWords[action]}`
        })
      )
      expect(result.main.log).not.toMatch(/\n\s+at /)
      expect(result.post?.outcome).toBe('success')
      expect(result.post?.annotations).toEqual([])
      expect(gh.requests.length).toBe(before)
    }
  )

  it('names a bad input and how to fix it, with no stack trace', async () => {
    const result = await runAction({
      actionDir: join(root, 'actions', 'deploy-to-staging'),
      inputs: { noop: 'yes' },
      github: { apiUrl: gh.url },
      node
    })
    expect(result.main.exitCode).toBe(1)
    expect(result.annotations.map(a => a.message)).toEqual([
      'deploy-to-staging: input "noop" must be true or false, got "yes"'
    ])
    expect(result.main.log).not.toMatch(/\n\s+at /)
  })
})
