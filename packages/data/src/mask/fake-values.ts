import type { FakeKind } from '../config/data-config.js'
import { FIRST_NAMES, STREET_TYPES, pick, syllableWord } from './words.js'

/** A text fake of `kind` from a value's keyed hash (32 bytes). */
export type TextFaker = (digest: Buffer, source: string) => string

const hex = (digest: Buffer, length: number): string =>
  digest.toString('hex').slice(0, length)

const first = (digest: Buffer): string => pick(FIRST_NAMES, digest, 0)
const family = (digest: Buffer): string =>
  syllableWord(digest, 2, 2 + ((digest[30] ?? 0) % 2))

/** Replaces each digit with one from the digest: the shape stays, the value goes. */
export function replaceDigits(source: string, digest: Buffer): string {
  let i = 0
  let out = ''
  for (const char of source) {
    if (char >= '0' && char <= '9') {
      const digit = (digest[i % digest.length] ?? 0) % 10
      // Keep a leading digit non-zero so numbers keep their width.
      out += i === 0 && char !== '0' && digit === 0 ? '1' : String(digit)
      i++
    } else out += char
  }
  return out
}

function replaceLetters(source: string, digest: Buffer): string {
  let i = 0
  return replaceDigits(source, digest).replace(/[A-Za-z]/g, char => {
    const letter = String.fromCharCode(
      65 + ((digest[(i++ + 7) % 32] ?? 0) % 26)
    )
    return char === char.toUpperCase() ? letter : letter.toLowerCase()
  })
}

/** 10.x.y.z for IPv4 sources, a unique-local fd00::/8 address for IPv6. */
export function fakeIp(digest: Buffer, source: string): string {
  if (/^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(source))
    return [...digest.subarray(0, 6)]
      .map((byte, i) =>
        (i === 0 ? byte & 0xfe : byte).toString(16).padStart(2, '0')
      )
      .join(':')
  const mask = /\/\d+$/.exec(source)?.[0] ?? ''
  if (source.includes(':')) {
    const groups = [0, 2, 4, 6, 8, 10, 12].map(i =>
      digest.readUInt16BE(i).toString(16)
    )
    return `fd${(digest[14] ?? 0).toString(16).padStart(2, '0')}:${groups.join(':')}${mask ? '/128' : ''}`
  }
  return `10.${digest[0]}.${digest[1]}.${digest[2]}${mask ? '/32' : ''}`
}

/** A version-4 UUID made of the digest. */
export function fakeUuid(digest: Buffer): string {
  const bytes = Buffer.from(digest.subarray(0, 16))
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const h = bytes.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

const DAY_MS = 86_400_000

/**
 * The date moved by 1 to 365 days either way (per value, from its hash), so
 * ages and seasons stay plausible; a value that is no date becomes one
 * between 1950 and 2005. Time and zone of a timestamp are kept.
 */
export function fakeDate(digest: Buffer, source: string): string {
  const found = /^(\d{4})-(\d{2})-(\d{2})(.*)$/s.exec(source)
  const shift =
    ((digest.readUInt16BE(4) % 365) + 1) * ((digest[6] ?? 0) % 2 ? 1 : -1)
  const base = found
    ? Date.UTC(Number(found[1]), Number(found[2]) - 1, Number(found[3]))
    : Date.UTC(1950, 0, 1) + (digest.readUInt32BE(0) % 20_089) * DAY_MS
  const date = new Date(base + (found ? shift * DAY_MS : 0))
  const day = Number.isNaN(date.getTime())
    ? '1970-01-01'
    : date.toISOString().slice(0, 10)
  return `${day}${found?.[4] ?? ''}`
}

function fakeText(digest: Buffer, source: string): string {
  const want = Math.max(4, Math.min(source.length, 200))
  let out = ''
  for (let i = 0; out.length < want; i++)
    out +=
      (out ? ' ' : '') + syllableWord(digest, i * 5, 1 + (i % 3)).toLowerCase()
  return out.slice(0, want)
}

const FAKERS: Readonly<Record<Exclude<FakeKind, 'auto'>, TextFaker>> = {
  email: digest =>
    `${first(digest)}.${family(digest)}.${hex(digest, 10)}@example.com`.toLowerCase(),
  name: digest => `${first(digest)} ${family(digest)}`,
  'first-name': digest => first(digest),
  'last-name': digest => family(digest),
  username: digest => `${first(digest).toLowerCase()}_${hex(digest, 10)}`,
  phone: (digest, source) =>
    /\d/.test(source)
      ? replaceDigits(source, digest)
      : `+1 555 0${hex(digest, 3)}`,
  address: digest =>
    `${1 + (digest.readUInt16BE(20) % 998)} ${syllableWord(digest, 9, 2)} ${pick(STREET_TYPES, digest, 24)}`,
  city: digest => syllableWord(digest, 12, 2 + ((digest[29] ?? 0) % 2)),
  postcode: (digest, source) => replaceLetters(source, digest),
  ip: fakeIp,
  text: fakeText,
  date: fakeDate,
  number: (digest, source) => replaceDigits(source, digest),
  uuid: fakeUuid
}

/** The text faker of a kind (`auto` must have been resolved before). */
export function textFaker(kind: Exclude<FakeKind, 'auto'>): TextFaker {
  return FAKERS[kind]
}

/** Shortens to `max` characters, keeping an email's domain when it can. */
export function fitLength(value: string, max: number | undefined): string {
  if (max === undefined || value.length <= max) return value
  const at = value.lastIndexOf('@')
  if (at > 0 && max > value.length - at + 1)
    return value.slice(0, max - (value.length - at)) + value.slice(at)
  return value.slice(0, max)
}
