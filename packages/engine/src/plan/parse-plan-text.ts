import { LineCounter, isAlias, parseDocument, visit } from 'yaml'
import type { Document } from 'yaml'
import { ConfigurationError } from '@rehearse/core'
import { describeSchemaError } from './describe-schema-error.js'
import type { PlanProblem } from './describe-schema-error.js'
import { formatPath, lineOf } from './locate.js'
import type { PathSegment } from './locate.js'
import { planSchema, validateAgainstSchema } from './plan-schema.js'

export interface ParsedPlan {
  readonly value: Record<string, unknown>
  /** Formats a problem as `file:line: path: message`. */
  readonly describe: (problem: PlanProblem) => string
}

/**
 * Parses the YAML text and checks it against the shipped JSON Schema. Every
 * problem found is reported at once, one line each, with file and line.
 */
export function parsePlanText(file: string, text: string): ParsedPlan {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true })
  // Warnings too: an unknown tag (`!!python/object`) would otherwise be
  // read as a plain string the author did not mean.
  const troubles = [...doc.errors, ...doc.warnings]
  if (troubles.length > 0) {
    const lines = troubles.map(error => {
      const line = counter.linePos(error.pos[0]).line
      return `${file}:${line}: invalid YAML: ${yamlMessage(error.message)}`
    })
    throw new ConfigurationError(lines.join('\n'), { reason: 'invalid_plan' })
  }
  const value = resolveAliases(file, doc, counter)
  const describe = (problem: PlanProblem): string =>
    `${file}:${lineOf(doc, counter, problem.path, problem.key)}: ${
      problem.path.length ? `${formatPath(problem.path)}: ` : ''
    }${problem.message}`

  // ajv adds a summary error for a bad property name and for if/then rules
  // next to the specific one: keep only the specific one.
  const errors = validateAgainstSchema(value).filter(
    error => error.keyword !== 'propertyNames' && error.keyword !== 'if'
  )
  // One line per place: a value breaking two rules (a oneOf's branches,
  // minLength and pattern) is one mistake, said once.
  const problems = firstPerPlace(
    errors.map(error =>
      describeSchemaError(error, valueAt(value, error.instancePath), knownKeys)
    )
  )
  if (problems.length > 0)
    throw new ConfigurationError(unique(problems.map(describe)).join('\n'), {
      reason: 'invalid_plan'
    })
  return { value: value as Record<string, unknown>, describe }

  function knownKeys(path: readonly PathSegment[]): string[] {
    return Object.keys(schemaAt(path)?.properties ?? {})
  }
}

function unique(lines: string[]): string[] {
  return [...new Set(lines)]
}

function firstPerPlace(problems: PlanProblem[]): PlanProblem[] {
  const seen = new Set<string>()
  return problems.filter(problem => {
    const place = JSON.stringify([problem.path, problem.key ?? null])
    if (seen.has(place)) return false
    seen.add(place)
    return true
  })
}

// Aliases are resolved only when the document becomes data: an alias to no
// anchor, or aliases multiplying into millions of nodes (an "alias bomb"),
// are mistakes in the file, said with the line of the first alias.
function resolveAliases(
  file: string,
  doc: Document,
  counter: LineCounter
): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 })
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error
    const name = /: (\S+)$/.exec(error.message)?.[1]
    let offset = 0
    visit(doc, {
      Alias(_key, node) {
        if (isAlias(node) && (name === undefined || node.source === name)) {
          offset = node.range?.[0] ?? 0
          return visit.BREAK
        }
        return undefined
      }
    })
    const line = counter.linePos(offset).line
    const message = /excessive alias count/i.test(error.message)
      ? 'invalid YAML: its aliases expand to too many values (an alias bomb); write the values out, or use fewer aliases'
      : `invalid YAML: the alias *${name ?? ''} refers to no anchor (&${name ?? ''}) defined before it; define the anchor first, or write the value`
    throw new ConfigurationError(`${file}:${line}: ${message}`, {
      reason: 'invalid_plan'
    })
  }
}

function valueAt(value: unknown, instancePath: string): unknown {
  let current = value
  for (const part of instancePath.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>
  additionalProperties?: SchemaNode | boolean
  items?: SchemaNode
  $ref?: string
}

// Walks the schema alongside the plan to list the keys allowed at a place.
function schemaAt(path: readonly PathSegment[]): SchemaNode | undefined {
  const root = planSchema as unknown as SchemaNode & {
    definitions: Record<string, SchemaNode>
  }
  const deref = (node: SchemaNode | undefined): SchemaNode | undefined =>
    node?.$ref
      ? root.definitions[node.$ref.replace('#/definitions/', '')]
      : node
  let node: SchemaNode | undefined = root
  for (const segment of path) {
    node = deref(node)
    if (!node) return undefined
    if (typeof segment === 'number') node = node.items
    else if (node.properties?.[segment]) node = node.properties[segment]
    else if (typeof node.additionalProperties === 'object')
      node = node.additionalProperties
    else return undefined
  }
  return deref(node)
}

// yaml appends its own position and a code excerpt; the line is already given.
function yamlMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(
    / at line \d+, column \d+:?$/,
    ''
  )
}
