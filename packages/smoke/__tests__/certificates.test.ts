import { describe, expect, it } from '@jest/globals'
import type { PeerCertificate } from 'node:tls'
import {
  CertificateLog,
  evaluateCertificate
} from '../src/http/certificates.js'

const now = new Date('2026-06-01T12:00:00Z')
const tls = { warnDays: 30, errorDays: 3, caFile: undefined }
const base = new URL('https://shop.example:8443/app')

function logWith(validTo: string): CertificateLog {
  const log = new CertificateLog()
  log.saw('shop.example:8443', {
    valid_to: validTo,
    subject: { CN: 'shop.example' },
    issuer: { CN: 'Example CA' }
  } as unknown as PeerCertificate)
  return log
}

describe('evaluateCertificate', () => {
  it.each([
    [
      'Sep  1 12:00:00 2026 GMT',
      'passed',
      'valid until 2026-09-01 (92 days left)'
    ],
    [
      'Jun 21 12:00:00 2026 GMT',
      'warning',
      'valid until 2026-06-21 (20 days left): fewer than 30 days (smoke.tls.warn-days); renew it soon'
    ],
    [
      'Jun  6 11:00:00 2026 GMT',
      'warning',
      'valid until 2026-06-06 (4 days left): fewer than 30 days (smoke.tls.warn-days); renew it soon'
    ],
    [
      'Jun  3 12:00:00 2026 GMT',
      'failed',
      'valid until 2026-06-03 (2 days left): fewer than 3 days (smoke.tls.error-days); renew it now'
    ]
  ])('a certificate valid until %s is %s', (validTo, status, message) => {
    expect(evaluateCertificate(base, logWith(validTo), tls, now)).toMatchObject(
      {
        origin: 'https://shop.example:8443',
        status,
        message,
        subject: 'shop.example',
        issuer: 'Example CA'
      }
    )
  })

  it('fails with the verification error, which wins over any certificate seen', () => {
    const log = logWith('Sep  1 12:00:00 2026 GMT')
    log.failed(
      'shop.example:8443',
      'TLS: the certificate of shop.example:8443 has expired'
    )
    expect(evaluateCertificate(base, log, tls, now)).toMatchObject({
      status: 'failed',
      message: 'TLS: the certificate of shop.example:8443 has expired'
    })
  })

  it('says when no TLS connection was made, and ignores plain http', () => {
    expect(
      evaluateCertificate(base, new CertificateLog(), tls, now)?.status
    ).toBe('unchecked')
    expect(
      evaluateCertificate(
        new URL('http://shop.example'),
        new CertificateLog(),
        tls,
        now
      )
    ).toBeUndefined()
  })

  it('reads the default port of https', () => {
    const log = new CertificateLog()
    log.saw('shop.example:443', {
      valid_to: 'Sep  1 12:00:00 2026 GMT',
      subject: {},
      issuer: {}
    } as unknown as PeerCertificate)
    expect(
      evaluateCertificate(new URL('https://shop.example/'), log, tls, now)
        ?.status
    ).toBe('passed')
  })
})
