import { describe, expect, it } from '@jest/globals'
import type { CatalogColumn, ColumnCategory } from '../src/catalog/types.js'
import {
  autoKind,
  personalByContent,
  personalByName
} from '../src/policy/detect-personal.js'

const column = (
  name: string,
  category: ColumnCategory = 'text'
): CatalogColumn => ({
  name,
  type: category,
  category,
  nullable: true,
  hasDefault: false,
  generated: false,
  maxLength: undefined,
  maxInteger: undefined
})

describe('personal data by column name', () => {
  it.each([
    ['email', 'email'],
    ['customerEmail', 'email'],
    ['e_mail', 'email'],
    ['phone_number', 'phone'],
    ['mobile', 'phone'],
    ['first_name', 'first-name'],
    ['lastName', 'last-name'],
    ['surname', 'last-name'],
    ['username', 'username'],
    ['name', 'name'],
    ['full_name', 'name'],
    ['street', 'address'],
    ['address', 'address'],
    ['zip', 'postcode'],
    ['date_of_birth', 'date'],
    ['birthdate', 'date'],
    ['ip', 'ip'],
    ['last_login_ip', 'ip'],
    ['ip_address', 'ip'],
    ['api_token', 'text'],
    ['password', 'text'],
    ['iban', 'text']
  ])('%s looks personal (%s)', (name, kind) => {
    expect(personalByName(column(name))?.kind).toBe(kind)
  })

  it.each([
    'id',
    'user_id',
    'address_id',
    'email_count',
    'status',
    'total',
    'created_at',
    'shipping_method',
    'zipper_size',
    'hotel',
    'title',
    'tax_rate'
  ])('%s does not', name => {
    expect(personalByName(column(name))).toBeUndefined()
  })

  it('treats network address types as personal, booleans never', () => {
    expect(personalByName(column('origin', 'inet'))?.kind).toBe('ip')
    expect(personalByName(column('email_verified', 'boolean'))).toBeUndefined()
  })
})

describe('personal data by sampled content', () => {
  it.each([
    [['call me at ann@example.org please'], 'email addresses'],
    [['+44 20 7946 0958'], 'phone numbers'],
    [['(555) 123-4567'], 'phone numbers'],
    [['from 192.168.10.4'], 'IP addresses'],
    [['2001:db8::1'], 'IP addresses']
  ])('%j holds %s', (samples, what) => {
    expect(personalByContent(samples)?.why).toContain(what)
  })

  it.each([
    [['20240101', '2024-01-01', 'ORDER-1234567', 'plain text']],
    [['v1.2', '1234567', 'a@b']]
  ])('%j holds nothing personal', samples => {
    expect(personalByContent(samples)).toBeUndefined()
  })

  it('counts the sampled values that matched', () => {
    expect(
      personalByContent(['a@example.org', 'x', 'b@example.org'])?.why
    ).toBe('2 of 3 sampled values look like email addresses')
  })
})

describe('the shape fake: auto picks', () => {
  it('follows the name, then the samples, then the type', () => {
    expect(autoKind(column('contact'), ['x@example.org'])).toBe('email')
    expect(autoKind(column('phone'), [])).toBe('phone')
    expect(autoKind(column('born_on', 'date'), [])).toBe('date')
    expect(autoKind(column('ref', 'uuid'), [])).toBe('uuid')
    expect(autoKind(column('notes'), ['hello'])).toBe('text')
  })
})
