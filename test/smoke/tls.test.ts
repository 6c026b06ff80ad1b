import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { makeCertificates } from './certificates.js'
import type { KeyPair, TestCertificates } from './certificates.js'
import {
  annotations,
  planWithSmoke,
  readReport,
  removeKeptTemp,
  runSmoke,
  stageStatus,
  startSmokePipeline
} from './smoke-fixture.js'
import { json, startServer } from './servers.js'

let certs: TestCertificates
let p: Pipeline
beforeAll(async () => {
  certs = makeCertificates()
  p = await startSmokePipeline(smoke(''), { 'certs/ca.pem': certs.ca })
})
afterAll(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  await removeKeptTemp()
})

// A long deadline: a certificate problem must fail at once, not be retried.
function smoke(tls: string): string {
  return `  wait-for-healthy: { deadline-seconds: 30 }
  tls: { ca-file: certs/ca.pem${tls} }
  checks:
    - { name: health, path: /healthz }
`
}

async function checkWith(pair: KeyPair) {
  const server = await startServer(
    (_request, response) => json(response, 200, { ok: true }),
    pair
  )
  try {
    const started = Date.now()
    const result = await runSmoke(p, server.url)
    return { result, server, seconds: (Date.now() - started) / 1000 }
  } finally {
    await server.close()
  }
}

describe('smoke-test TLS certificates', () => {
  it('passes a valid certificate from the configured CA and reports its days left', async () => {
    const { result, server } = await checkWith(certs.valid)
    expect(result.main.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ passed: '2', failed: '0' })
    expect(readReport(result).tls).toMatchObject({
      origin: server.url,
      status: 'passed',
      subject: 'valid',
      issuer: 'Rehearse Test CA',
      message: expect.stringMatching(
        /^valid until \d{4}-\d\d-\d\d \((89|90) days left\)$/
      )
    })
    expect(result.summary).toMatch(
      /TLS certificate<br>https:\/\/127\.0\.0\.1:\d+ \| ✅ valid/
    )
  })

  it('warns about a certificate that expires in 5 days, and passes', async () => {
    const { result, server } = await checkWith(certs.expiresIn5Days)
    expect(result.main.exitCode).toBe(0)
    expect(annotations(result)).toMatch(
      new RegExp(
        `warning: TLS certificate of ${server.url.replace(/\./g, '\\.')}: valid until \\S+ \\(4 days left\\): fewer than 30 days \\(smoke\\.tls\\.warn-days\\); renew it soon`
      )
    )
    expect(result.summary).toContain('⚠️ expires soon')
    expect(stageStatus(p)?.description).toMatch(/\(certificate expires soon\)$/)
  })

  it('fails the same certificate below the error threshold', async () => {
    await p.commit(
      { '.github/rehearse.yml': planWithSmoke(smoke(', error-days: 7')) },
      'stricter TLS'
    )
    const { result } = await checkWith(certs.expiresIn5Days)
    expect(result.main.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ passed: '1', failed: '1' })
    expect(readReport(result).tls).toMatchObject({
      status: 'failed',
      message: expect.stringContaining(
        'fewer than 7 days (smoke.tls.error-days); renew it now'
      )
    })
    expect(stageStatus(p)?.description).toBe(
      '1 of 2 checks failed: TLS certificate'
    )
    await p.commit(
      { '.github/rehearse.yml': planWithSmoke(smoke('')) },
      'default TLS'
    )
  })

  it.each<[string, keyof TestCertificates, (port: number) => string]>([
    [
      'an expired certificate',
      'expired',
      port => `TLS: the certificate of 127.0.0.1:${port} has expired`
    ],
    [
      'a self-signed certificate without a CA',
      'selfSigned',
      port =>
        `TLS: the certificate of 127.0.0.1:${port} is not signed by a trusted CA (self-signed); if your own CA signed it, set smoke.tls.ca-file to its PEM file`
    ],
    [
      'a certificate for another host name',
      'wrongHost',
      port =>
        `TLS: the certificate is not valid for 127.0.0.1:${port} (it names DNS:wrong.example)`
    ]
  ])('fails %s at once, without retrying', async (_case, name, message) => {
    const { result, server, seconds } = await checkWith(certs[name] as KeyPair)
    expect(result.main.exitCode).toBe(1)
    expect(seconds).toBeLessThan(15)
    expect(server.requests).toEqual([])
    const report = readReport(result)
    expect(report.checks[0]).toMatchObject({
      attempts: 1,
      problems: [message(server.port)]
    })
    expect(report.tls).toMatchObject({
      status: 'failed',
      message: message(server.port)
    })
    expect(result.outputs).toMatchObject({ passed: '0', failed: '2' })
  })
})
