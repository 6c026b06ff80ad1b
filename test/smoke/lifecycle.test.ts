import { afterEach, describe, expect, it } from '@jest/globals'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import {
  removeKeptTemp,
  runSmoke,
  stageHistory,
  stageStatus,
  startSmokePipeline
} from './smoke-fixture.js'
import { json, startServer } from './servers.js'
import type { TestServer } from './servers.js'

let p: Pipeline
let server: TestServer
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  await server.close()
  await removeKeptTemp()
})

const NEVER_HEALTHY = `  wait-for-healthy: { deadline-seconds: 60, initial-backoff-ms: 200 }
  checks:
    - { name: health, path: /healthz }
`

describe('smoke-test status lifecycle', () => {
  it('records a cancelled run as error and keeps no report', async () => {
    server = await startServer((_request, response) => json(response, 503, {}))
    p = await startSmokePipeline(NEVER_HEALTHY)
    const result = await runSmoke(
      p,
      server.url,
      {},
      {
        cancel: { whenLine: /attempt 1 failed/ }
      }
    )
    expect(result.cancelled).toBe(true)
    expect(result.main.endedBy).toBe('SIGINT')
    expect(stageHistory(p)).toEqual(['pending', 'error'])
    // Cancellation stops main's GitHub calls at once; post closes the
    // status main could not.
    expect(stageStatus(p)?.description).toBe(
      'Cancelled: the job stopped before the run finished'
    )
    expect(p.gh.state.checkRuns).toEqual([])
  })

  it('leaves no pending status when the runner has to kill the job: post closes it', async () => {
    server = await startServer((_request, response) => json(response, 503, {}))
    p = await startSmokePipeline(NEVER_HEALTHY)
    const result = await runSmoke(
      p,
      server.url,
      {},
      {
        cancel: { whenLine: /attempt 1 failed/ },
        killGraceMs: { sigintMs: 0, sigtermMs: 0 }
      }
    )
    expect(result.main.endedBy).toBe('SIGKILL')
    expect(result.post?.log).toContain('marked rehearse/staging/smoke as error')
    expect(stageHistory(p)).toEqual(['pending', 'error'])
    expect(stageStatus(p)?.description).toBe(
      'Cancelled: the job stopped before the run finished'
    )
  })
})
