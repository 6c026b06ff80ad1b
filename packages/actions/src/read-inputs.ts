import * as core from '@actions/core'
import { ConfigurationError } from '@rehearse/core'
import type { ActionContract, InputKind, InputSpec } from './contract.js'
import { checkInputShape } from './input-shapes.js'

type ValueOf<K extends InputKind> = K extends 'boolean'
  ? boolean
  : K extends 'list'
    ? string[]
    : K extends 'integer'
      ? number
      : string

/** The inputs of one action, typed by the contract's kinds. */
export type InputsOf<C extends ActionContract> = {
  -readonly [N in keyof C['inputs']]: ValueOf<C['inputs'][N]['kind']>
}

// YAML 1.2 core schema booleans, as @actions/core accepts them.
const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

/**
 * Reads every input of an action once. The runner always sets `INPUT_*` from
 * `action.yml` defaults; the contract's literal defaults apply only when the
 * action runs without a runner (e.g. under the local CLI).
 */
export function readInputs<C extends ActionContract>(contract: C): InputsOf<C> {
  const values: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(contract.inputs)) {
    values[name] = readInput(name, spec)
  }
  // Every input checked before the action does anything: a malformed one
  // is refused before the first GitHub write, not halfway through.
  for (const [name, value] of Object.entries(values))
    if (typeof value === 'string') checkInputShape(name, value)
  return values as InputsOf<C>
}

export function readInput(
  name: string,
  spec: InputSpec
): string | boolean | number | string[] {
  const text = core.getInput(name) || literalDefault(spec)
  if (spec.required && text === '') {
    throw new ConfigurationError(
      `input "${name}" is required: set it under "with:" in your workflow`,
      { reason: 'invalid_input' }
    )
  }
  switch (spec.kind) {
    case 'boolean':
      return parseBoolean(name, text)
    case 'integer':
      return parseInteger(name, text)
    case 'list':
      return text
        .split(/[,\n]/)
        .map(item => item.trim())
        .filter(item => item !== '')
    case 'string':
      return text
  }
}

function literalDefault(spec: InputSpec): string {
  const fallback = spec.default ?? ''
  return fallback.includes('${{') ? '' : fallback
}

function parseBoolean(name: string, text: string): boolean {
  if (text === '' || FALSE.includes(text)) return false
  if (TRUE.includes(text)) return true
  throw new ConfigurationError(
    `input "${name}" must be true or false, got ${JSON.stringify(text)}`,
    { reason: 'invalid_input' }
  )
}

function parseInteger(name: string, text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new ConfigurationError(
      `input "${name}" must be a whole number, got ${JSON.stringify(text)}`,
      { reason: 'invalid_input' }
    )
  }
  return Number(text)
}
