import type { ReasonCode } from '@rehearse/core'
import type { ErrorObject } from 'ajv'
import type { PathSegment } from './locate.js'

export interface PlanProblem {
  /** Where in the plan; `key` is an unknown key written at `path`. */
  readonly path: readonly PathSegment[]
  readonly key?: string
  readonly message: string
  /** The refusal's code when it is more specific than `invalid_plan`. */
  readonly reason?: ReasonCode
}

function toPath(instancePath: string): PathSegment[] {
  return instancePath
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map(part => (/^\d+$/.test(part) ? Number(part) : part))
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return `${typeof value} ${JSON.stringify(value)}`
}

const article = (type: unknown): string =>
  ({
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping'
  })[String(type)] ?? String(type)

/** Turns one JSON Schema error into a sentence that says how to fix it. */
export function describeSchemaError(
  error: ErrorObject,
  value: unknown,
  knownKeys: (path: readonly PathSegment[]) => string[]
): PlanProblem {
  const path = toPath(error.instancePath)
  if (error.propertyName !== undefined) {
    const rule =
      path[path.length - 1] === 'env'
        ? 'a variable name (letters, digits and "_", not starting with a digit)'
        : 'a name (letters, digits, "_", "-", "."; no spaces)'
    return {
      path: [...path, error.propertyName],
      message: `${JSON.stringify(error.propertyName)} is not valid as ${rule}`
    }
  }
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty)
      const known = knownKeys(path)
      return {
        path: [...path, key],
        message: `unknown key "${key}"${known.length ? ` (known: ${known.join(', ')})` : ''}`
      }
    }
    case 'required':
      return {
        path,
        message: `missing required key "${String(params.missingProperty)}"`
      }
    case 'type':
      return {
        path,
        message: `must be ${article(params.type)}, got ${typeName(value)}${
          params.type === 'string' ? ' (quote the value)' : ''
        }`
      }
    case 'enum':
      return {
        path,
        message: `must be one of ${(params.allowedValues as unknown[]).join(', ')}, got ${typeName(value)}`
      }
    case 'const':
      return {
        path,
        message: `must be ${JSON.stringify(params.allowedValue)}, got ${typeName(value)}`
      }
    case 'minItems':
      return {
        path,
        message: `must list at least ${String(params.limit)} item(s)`
      }
    case 'minProperties':
      return {
        path,
        message: `must name at least ${String(params.limit)} entry`
      }
    case 'uniqueItems':
      return {
        path,
        message: `lists ${typeName(value)} twice; remove the duplicate`
      }
    case 'pattern':
      return { path, message: describePattern(path, value) }
    default:
      return { path, message: `${error.message ?? 'is invalid'}` }
  }
}

function describePattern(path: readonly PathSegment[], value: unknown): string {
  const last = path[path.length - 1]
  if (last === 'url') return `must be an http(s) URL, got ${typeName(value)}`
  if (last === 'run') return 'must not be empty'
  if (last === 'path') return `must start with "/", got ${typeName(value)}`
  return `${typeName(value)} is not a valid name (letters, digits, "_"; no spaces)`
}
