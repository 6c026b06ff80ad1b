import { isIP } from 'node:net'
import type { CatalogColumn } from '../catalog/types.js'
import type { FakeKind } from '../config/data-config.js'

/** Why a column looks personal, and the fake shape that would suit it. */
export interface PersonalSign {
  readonly why: string
  readonly kind: Exclude<FakeKind, 'auto'>
}

type Concrete = Exclude<FakeKind, 'auto'>

// Whole words of a column name (split on _, -, digits and camelCase) that
// mean personal data. `name` also matches as the end of a word
// (username, lastname), the others only whole, so `zip` never matches
// `ip` and `hotel` never matches `tel`.
const WORDS: ReadonlyArray<readonly [RegExp, Concrete]> = [
  [/^e?mail$|^email(address)?$/, 'email'],
  [/^(phone|mobile|tel|telephone|fax|cell|msisdn)(number|no)?$/, 'phone'],
  [/^(first|given|fore)name$/, 'first-name'],
  [/^(last|family|sur)name$|^surname$/, 'last-name'],
  [/^(user|login|nick|screen)name$/, 'username'],
  [/^(full|display|real|contact|maiden)?name$/, 'name'],
  [/name$/, 'name'],
  [/^(address|addr|street|line1|line2)$/, 'address'],
  [/^(city|town)$/, 'city'],
  [/^(zip|zipcode|postcode|postal|postalcode)$/, 'postcode'],
  [/^(birth|birthday|birthdate|dob|born)$/, 'date'],
  [/^(ip|ipaddr|ipaddress|ipv4|ipv6)$/, 'ip'],
  [/^(token|secret|password|passwd|pwd|apikey|otp|salt)$/, 'text'],
  [
    /^(ssn|iban|passport|passportnumber|licen[cs]enumber|taxid|vatid|taxnumber|cardnumber|creditcard|cvv|cvc)$/,
    'text'
  ],
  [/^(lat|lng|lon|latitude|longitude|geo|location)$/, 'number'],
  [/^(gender|sex|religion|ethnicity)$/, 'text']
]

/** `customerEmail_2` → `customer`, `email`; `first_name` → also `firstname`. */
export function nameWords(name: string): string[] {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean)
  // Adjacent pairs too: first_name reads as firstname, ip_address as ipaddress.
  const pairs = words.slice(1).map((word, i) => `${words[i]}${word}`)
  // Pairs first: last_name is a family name before it is a name.
  return [...pairs, ...words]
}

// A name ending in one of these is about something else (address_id is a
// key of the addresses table, email_count a number).
const NEUTRAL_ENDINGS = new Set([
  'id',
  'ids',
  'count',
  'type',
  'kind',
  'status'
])

/** A personal-looking name (or type: inet) gives the sign; else undefined. */
export function personalByName(
  column: CatalogColumn
): PersonalSign | undefined {
  if (column.category === 'inet')
    return {
      why: `its type ${column.type} holds network addresses`,
      kind: 'ip'
    }
  if (column.category === 'boolean') return undefined
  const own = column.name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean)
  if (NEUTRAL_ENDINGS.has(own.at(-1) ?? '')) return undefined
  for (const word of nameWords(column.name)) {
    const found = WORDS.find(([pattern]) => pattern.test(word))
    if (found) return { why: `its name says "${word}"`, kind: found[1] }
  }
  return undefined
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/
const PHONE = /^\+?\(?\d[\d\s().-]{5,}\d$/
const IPV4_IN_TEXT =
  /(^|[^\d.])((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)($|[^\d.])/

function looksLikePhone(value: string): boolean {
  const trimmed = value.trim()
  if (!PHONE.test(trimmed)) return false
  const digits = trimmed.replace(/\D/g, '').length
  // A separator or a leading + tells a phone number from an id or a date.
  return (
    digits >= 7 &&
    digits <= 15 &&
    /^\+|[\s().-]/.test(trimmed) &&
    !/^\d{4}-\d{2}-\d{2}/.test(trimmed)
  )
}

const CHECKS: ReadonlyArray<
  readonly [string, Concrete, (value: string) => boolean]
> = [
  ['email addresses', 'email', value => EMAIL.test(value)],
  [
    'IP addresses',
    'ip',
    value => IPV4_IN_TEXT.test(value) || isIP(value.trim()) === 6
  ],
  ['phone numbers', 'phone', looksLikePhone]
]

/**
 * Sampled values that contain an email address or an IP address, or are a
 * phone number, give the sign (one is enough: a free-text column that holds
 * one email holds personal data); undefined when none does.
 */
export function personalByContent(
  samples: readonly string[]
): PersonalSign | undefined {
  for (const [what, kind, test] of CHECKS) {
    const count = samples.filter(test).length
    if (count > 0)
      return {
        why: `${count} of ${samples.length} sampled values look like ${what}`,
        kind
      }
  }
  return undefined
}

/** The fake shape `auto` means for a column: by name, samples, then type. */
export function autoKind(
  column: CatalogColumn,
  samples: readonly string[]
): Concrete {
  const sign = personalByName(column) ?? personalByContent(samples)
  if (sign) return sign.kind
  switch (column.category) {
    case 'date':
    case 'timestamp':
      return 'date'
    case 'integer':
    case 'decimal':
      return 'number'
    case 'uuid':
      return 'uuid'
    case 'inet':
      return 'ip'
    default:
      return 'text'
  }
}
