import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import {
  planWithSmoke,
  readReport,
  removeKeptTemp,
  runSmoke,
  stageStatus,
  startSmokePipeline
} from './smoke-fixture.js'
import { json, startServer } from './servers.js'
import type { TestServer } from './servers.js'

let server: TestServer
let elsewhere: TestServer
let p: Pipeline
beforeAll(async () => {
  elsewhere = await startServer((_request, response) => {
    response.end('other host')
  })
  server = await startServer((request, response) => {
    const redirect = (location: string) => {
      response.writeHead(302, { location })
      response.end()
    }
    switch (request.url) {
      case '/healthz':
        return json(response, 200, { ok: true })
      case '/moved':
        return redirect('/healthz')
      case '/metadata':
        return redirect('http://169.254.169.254/latest/meta-data/')
      case '/elsewhere':
        return redirect(`${elsewhere.url}/steal`)
      case '/file':
        return redirect('file:///etc/passwd')
      case '/big':
        response.write('x'.repeat(1000))
        return void response.end('x'.repeat(1000))
      case '/big-declared':
        response.writeHead(200, { 'content-length': '4096' })
        return void response.end('y'.repeat(4096))
      default:
        return json(response, 404, {})
    }
  })
  p = await startSmokePipeline(`  wait-for-healthy: { deadline-seconds: 0 }
  max-body-bytes: 1024
  checks:
    - { name: health, path: /healthz }
    - { name: same-host redirect, path: /moved, expect: { json: { ok: true } } }
    - { name: expected redirect, path: /moved, expect: { status: 302, headers: { location: /healthz } } }
    - { name: metadata, path: /metadata }
    - { name: elsewhere, path: /elsewhere }
    - { name: file, path: /file }
    - { name: big, path: /big }
    - { name: big declared, path: /big-declared }
`)
})
afterAll(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  await server.close()
  await elsewhere.close()
  await removeKeptTemp()
})

describe('smoke-test boundaries', () => {
  it('follows redirects within the host only and caps response bodies', async () => {
    const result = await runSmoke(p, server.url)
    expect(result.main.exitCode).toBe(1)
    const problems = Object.fromEntries(
      readReport(result).checks.map(check => [check.name, check.problems])
    )
    expect(problems).toEqual({
      health: [],
      'same-host redirect': [],
      'expected redirect': [],
      metadata: [
        `redirect to another host refused: http://169.254.169.254 (the checks stay on ${server.url})`
      ],
      elsewhere: [
        `redirect to another host refused: ${elsewhere.url} (the checks stay on ${server.url})`
      ],
      file: ['redirect to a file: URL refused: only http(s) is fetched'],
      big: [
        'response body of more than 1024 bytes exceeds the 1024-byte cap (smoke.max-body-bytes)'
      ],
      'big declared': [
        'response body of 4096 bytes exceeds the 1024-byte cap (smoke.max-body-bytes)'
      ]
    })
    expect(elsewhere.requests).toEqual([])
    expect(result.outputs).toMatchObject({ passed: '3', failed: '5' })
  })

  it.each([
    [
      'a file: URL',
      'file:///etc/passwd',
      'input "url" must be an http(s) URL, got "file:///etc/passwd"'
    ],
    [
      'a URL with credentials',
      'http://user:pw@127.0.0.1:1',
      "the URL carries a user or password: put credentials in a check's headers"
    ]
  ])('refuses %s before anything runs', async (_case, url, message) => {
    const before = p.gh.state.commitStatuses.length
    const result = await runSmoke(p, url)
    expect(result.main.exitCode).toBe(1)
    expect(result.annotations.map(a => a.message).join('\n')).toContain(message)
    expect(p.gh.state.commitStatuses.length).toBe(before)
  })

  it('refuses to run when NODE_TLS_REJECT_UNAUTHORIZED=0 turns verification off', async () => {
    const before = server.requests.length
    const result = await runSmoke(
      p,
      server.url,
      {},
      { env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } }
    )
    expect(result.main.exitCode).toBe(1)
    expect(result.outputs.reason).toBe('tls_verification_disabled')
    expect(result.annotations.map(a => a.message).join('\n')).toContain(
      'smoke-test: NODE_TLS_REJECT_UNAUTHORIZED=0 is set: it turns off certificate verification, so the smoke test refuses to run.'
    )
    expect(server.requests.length).toBe(before)
  })

  it('refuses a URL that points a rehearsal at production', async () => {
    await p.commit(
      {
        '.github/rehearse.yml': planWithSmoke(
          '  checks:\n    - { name: health, path: /healthz }\n',
          { production: server.url }
        )
      },
      'production on loopback'
    )
    const result = await runSmoke(p, server.url)
    expect(result.main.exitCode).toBe(1)
    expect(result.outputs.reason).toBe('boundary_violation')
    expect(stageStatus(p)).toBeUndefined()
  })
})
