import { describe, expect, it } from '@jest/globals'
import { runLogUrl } from '../src/index.js'

const run = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/widgets',
  GITHUB_RUN_ID: '42'
}

describe('runLogUrl', () => {
  it('links the run on the first attempt', () => {
    expect(runLogUrl({ ...run, GITHUB_RUN_ATTEMPT: '1' })).toBe(
      'https://github.com/acme/widgets/actions/runs/42'
    )
  })

  it('links the attempt of a re-run', () => {
    expect(runLogUrl({ ...run, GITHUB_RUN_ATTEMPT: '3' })).toBe(
      'https://github.com/acme/widgets/actions/runs/42/attempts/3'
    )
  })

  it('uses the server of GitHub Enterprise without a doubled slash', () => {
    expect(
      runLogUrl({ ...run, GITHUB_SERVER_URL: 'https://ghe.example.com/' })
    ).toBe('https://ghe.example.com/acme/widgets/actions/runs/42')
  })

  it('is undefined outside a workflow run', () => {
    expect(runLogUrl({})).toBeUndefined()
  })
})
