import type { PeerCertificate } from 'node:tls'
import type { SmokeConfig, TlsResult } from '../types.js'

const DAY_MS = 86_400_000

/** The first certificate seen and the first verification failure, per host. */
export class CertificateLog {
  private readonly certificates = new Map<string, PeerCertificate>()
  private readonly failures = new Map<string, string>()

  saw(host: string, certificate: PeerCertificate): void {
    if (!this.certificates.has(host)) this.certificates.set(host, certificate)
  }

  failed(host: string, message: string): void {
    if (!this.failures.has(host)) this.failures.set(host, message)
  }

  certificate(host: string): PeerCertificate | undefined {
    return this.certificates.get(host)
  }

  failure(host: string): string | undefined {
    return this.failures.get(host)
  }
}

/** `host:port` as the connector names it. */
export function hostKey(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`
}

const nameOf = (
  entity: PeerCertificate['subject'] | undefined
): string | undefined => {
  if (!entity) return undefined
  const cn = (entity as unknown as Record<string, string | string[]>).CN
  return Array.isArray(cn) ? cn.join(', ') : cn
}

/**
 * The certificate of an https target against the thresholds: expired,
 * untrusted or for another host fails (verification is never off); fewer
 * than `errorDays` left fails, fewer than `warnDays` warns.
 */
export function evaluateCertificate(
  base: URL,
  log: CertificateLog,
  tls: SmokeConfig['tls'],
  now: Date
): TlsResult | undefined {
  if (base.protocol !== 'https:') return undefined
  const host = hostKey(base)
  const origin = base.origin
  const empty = {
    validTo: undefined,
    daysLeft: undefined,
    subject: undefined,
    issuer: undefined
  }
  const failure = log.failure(host)
  if (failure) return { origin, status: 'failed', ...empty, message: failure }
  const certificate = log.certificate(host)
  if (!certificate) {
    return {
      origin,
      status: 'unchecked',
      ...empty,
      message: 'not checked: no TLS connection was made'
    }
  }
  const validTo = new Date(certificate.valid_to)
  const daysLeft = (validTo.getTime() - now.getTime()) / DAY_MS
  const days = Math.floor(daysLeft)
  const until = `valid until ${validTo.toISOString().slice(0, 10)} (${days} day${days === 1 ? '' : 's'} left)`
  const [status, message] =
    daysLeft < tls.errorDays
      ? ([
          'failed',
          `${until}: fewer than ${tls.errorDays} days (smoke.tls.error-days); renew it now`
        ] as const)
      : daysLeft < tls.warnDays
        ? ([
            'warning',
            `${until}: fewer than ${tls.warnDays} days (smoke.tls.warn-days); renew it soon`
          ] as const)
        : (['passed', until] as const)
  return {
    origin,
    status,
    validTo: validTo.toISOString(),
    daysLeft: Math.round(daysLeft * 100) / 100,
    subject: nameOf(certificate.subject),
    issuer: nameOf(certificate.issuer),
    message
  }
}
