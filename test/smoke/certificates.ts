import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A server key and certificate (PEM). */
export interface KeyPair {
  readonly key: string
  readonly cert: string
}

export interface TestCertificates {
  /** The test CA: what a plan's smoke.tls.ca-file would hold. */
  readonly ca: string
  readonly valid: KeyPair
  readonly expiresIn5Days: KeyPair
  readonly expired: KeyPair
  /** Self-signed, not by the CA. */
  readonly selfSigned: KeyPair
  /** Signed by the CA for another host name. */
  readonly wrongHost: KeyPair
}

const DAY = 86_400_000

// openssl ca's date format: YYYYMMDDHHMMSSZ.
const stamp = (date: Date): string =>
  `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`

/**
 * Generates the certificates of the TLS tests with the openssl CLI (EC keys:
 * fast). `openssl ca` is used for the leaves because it takes arbitrary
 * start and end dates, which an expired certificate needs.
 */
export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-certs-'))
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  }
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8')
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']
  try {
    writeFileSync(join(dir, 'index.txt'), '')
    writeFileSync(join(dir, 'serial'), '1000\n')
    writeFileSync(
      join(dir, 'ca.cnf'),
      `[ca]\ndefault_ca = test\n[test]\ndatabase = ${dir}/index.txt\nnew_certs_dir = ${dir}\nserial = ${dir}/serial\ndefault_md = sha256\npolicy = any\nunique_subject = no\n[any]\ncommonName = supplied\n[ip]\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1\n[wrong]\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\nsubjectAltName = DNS:wrong.example\n`
    )
    ssl(
      'req',
      '-x509',
      ...ec,
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '30',
      '-subj',
      '/CN=Rehearse Test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign'
    )
    const now = Date.now()
    const leaf = (
      name: string,
      from: number,
      to: number,
      section: string
    ): KeyPair => {
      ssl(
        'req',
        '-new',
        ...ec,
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        `/CN=${name}`
      )
      ssl(
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        '-cert',
        'ca.pem',
        '-keyfile',
        'ca.key',
        '-in',
        `${name}.csr`,
        '-out',
        `${name}.pem`,
        '-notext',
        '-extensions',
        section,
        '-startdate',
        stamp(new Date(from)),
        '-enddate',
        stamp(new Date(to))
      )
      return { key: read(`${name}.key`), cert: read(`${name}.pem`) }
    }
    const valid = leaf('valid', now - DAY, now + 90 * DAY, 'ip')
    const expiresIn5Days = leaf('soon', now - DAY, now + 5 * DAY, 'ip')
    const expired = leaf('expired', now - 60 * DAY, now - 2 * DAY, 'ip')
    const wrongHost = leaf('wrong', now - DAY, now + 90 * DAY, 'wrong')
    ssl(
      'req',
      '-x509',
      ...ec,
      '-nodes',
      '-keyout',
      'self.key',
      '-out',
      'self.pem',
      '-days',
      '30',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1'
    )
    const selfSigned = { key: read('self.key'), cert: read('self.pem') }
    return {
      ca: read('ca.pem'),
      valid,
      expiresIn5Days,
      expired,
      selfSigned,
      wrongHost
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
