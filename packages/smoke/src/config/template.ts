/** A `${{ env.NAME }}` or `${{ captured.NAME }}` reference in a check. */
export interface Reference {
  readonly scope: 'env' | 'captured'
  readonly name: string
}

/** Values references resolve to: environment variables and captures. */
export interface TemplateValues {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly captured: ReadonlyMap<string, unknown>
}

const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g
const REFERENCE = /^(env|captured)\.([A-Za-z_][A-Za-z0-9_]*)$/

/**
 * The references in a text; an expression that is not one of the two forms
 * is returned in `invalid`, so the plan can be refused before any request.
 */
export function referencesIn(text: string): {
  references: Reference[]
  invalid: string[]
} {
  const references: Reference[] = []
  const invalid: string[] = []
  for (const match of text.matchAll(EXPRESSION)) {
    const parsed = REFERENCE.exec(match[1] ?? '')
    if (parsed) {
      references.push({
        scope: parsed[1] as Reference['scope'],
        name: parsed[2] ?? ''
      })
    } else invalid.push(match[0])
  }
  return { references, invalid }
}

/** Every string inside a JSON-like value (keys are not templated). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsIn)
  if (value && typeof value === 'object')
    return Object.values(value).flatMap(stringsIn)
  return []
}

function lookup(reference: Reference, values: TemplateValues): unknown {
  return reference.scope === 'env'
    ? (values.env[reference.name] ?? '')
    : values.captured.get(reference.name)
}

const asText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value === undefined
      ? ''
      : JSON.stringify(value)

/** Replaces every reference in the text with its value, as text. */
export function resolveText(text: string, values: TemplateValues): string {
  return text.replace(EXPRESSION, (whole, expression: string) => {
    const parsed = REFERENCE.exec(expression)
    if (!parsed) return whole
    const reference = {
      scope: parsed[1] as Reference['scope'],
      name: parsed[2] ?? ''
    }
    return asText(lookup(reference, values))
  })
}

/**
 * Resolves references inside a JSON-like value. A string that is exactly one
 * reference takes the referenced value with its type (a captured number stays
 * a number); other strings are resolved as text.
 */
export function resolveValue(value: unknown, values: TemplateValues): unknown {
  if (typeof value === 'string') {
    const only = /^\$\{\{\s*([^}]*?)\s*\}\}$/.exec(value)
    const parsed = only ? REFERENCE.exec(only[1] ?? '') : null
    if (parsed) {
      return lookup(
        { scope: parsed[1] as Reference['scope'], name: parsed[2] ?? '' },
        values
      )
    }
    return resolveText(value, values)
  }
  if (Array.isArray(value)) return value.map(item => resolveValue(item, values))
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        resolveValue(item, values)
      ])
    )
  }
  return value
}
