import { afterEach, describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '@rehearse/core'
import { readInput, readInputs } from '../src/read-inputs.js'
import { contracts } from '../src/contract.js'
import type { InputSpec } from '../src/contract.js'

const setInput = (name: string, value: string): void => {
  process.env[`INPUT_${name.toUpperCase()}`] = value
}

afterEach(() => {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_')) delete process.env[key]
  }
})

describe('readInput', () => {
  const boolean: InputSpec = { kind: 'boolean', default: 'false' }

  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['FALSE', false],
    ['', false]
  ])('reads the YAML 1.2 boolean %j as %j', (raw, expected) => {
    setInput('dry-run', raw)
    expect(readInput('dry-run', boolean)).toBe(expected)
  })

  it.each(['yes', 'on', '1', 'tru'])(
    'refuses %j as a boolean and names the input',
    raw => {
      setInput('dry-run', raw)
      expect(() => readInput('dry-run', boolean)).toThrow(
        new ConfigurationError(
          `input "dry-run" must be true or false, got ${JSON.stringify(raw)}`
        )
      )
    }
  )

  it('splits lists on commas and newlines and drops blanks', () => {
    setInput('allowed-permissions', ' write ,\nadmin,, maintain\n')
    expect(readInput('allowed-permissions', { kind: 'list' })).toEqual([
      'write',
      'admin',
      'maintain'
    ])
  })

  it('reads whole numbers and refuses anything else', () => {
    setInput('soak', '30')
    expect(readInput('soak', { kind: 'integer' })).toBe(30)
    setInput('soak', '3.5')
    expect(() => readInput('soak', { kind: 'integer' })).toThrow(
      'input "soak" must be a whole number, got "3.5"'
    )
  })

  it('falls back to a literal default but never to an expression', () => {
    expect(
      readInput('environment', { kind: 'string', default: 'staging' })
    ).toBe('staging')
    expect(
      readInput('sha', { kind: 'string', default: '${{ github.sha }}' })
    ).toBe('')
  })

  it('says how to fix a missing required input', () => {
    expect(() => readInput('url', { kind: 'string', required: true })).toThrow(
      'input "url" is required: set it under "with:" in your workflow'
    )
  })
})

describe('readInputs', () => {
  it('returns every input of a contract, typed by its kind', () => {
    setInput('dry-run', 'true')
    setInput('database-url', 'postgres://db/app')
    const inputs = readInputs(contracts['run-migrations'])
    expect(inputs).toEqual({
      config: '.github/rehearse.yml',
      environment: 'staging',
      'database-url': 'postgres://db/app',
      'dry-run': true,
      'rehearse-rollback': 'auto',
      sha: '',
      token: '',
      'lock-wait-minutes': 10
    })
  })
})
