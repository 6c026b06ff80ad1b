import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/** A JSON object as the payload files hold it. */
export type JsonObject = { [key: string]: unknown }

interface WebhookDefinition {
  name: string
  actions: string[]
  examples: JsonObject[]
}

const require = createRequire(import.meta.url)
let examples: WebhookDefinition[] | undefined

/** The real payloads of `@octokit/webhooks-examples` (api.github.com). */
export function loadExamples(): WebhookDefinition[] {
  examples ??= readJson<WebhookDefinition[]>(
    '@octokit/webhooks-examples/api.github.com/index.json'
  )
  return examples
}

/**
 * A deep copy of the first real example of an event (and action), so a
 * builder can change it freely. Throws when the package has none.
 */
export function example(
  eventName: string,
  action?: string,
  accept: (payload: JsonObject) => boolean = () => true
): JsonObject {
  const definition = loadExamples().find(d => d.name === eventName)
  const found = definition?.examples.find(
    payload =>
      (action === undefined || payload['action'] === action) && accept(payload)
  )
  if (!found) {
    const what = action ? `${eventName}.${action}` : eventName
    throw new Error(`@octokit/webhooks-examples has no ${what} example`)
  }
  return structuredClone(found)
}

/** Reads a JSON file shipped inside an installed package. */
export function readJson<T>(specifier: string): T {
  return JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as T
}
