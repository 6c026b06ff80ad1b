import Ajv2020 from 'ajv/dist/2020.js'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import { readJson, type JsonObject } from './sources.js'

type Ajv = InstanceType<typeof Ajv2020.default>

let ajv: Ajv | undefined
const validators = new Map<string, ValidateFunction>()

// The spec is ~5 MB: parse and register it once per process, and compile
// each event's schema only when it is first needed.
function instance(): Ajv {
  if (ajv) return ajv
  const spec = readJson<{ components: JsonObject }>(
    '@octokit/openapi-webhooks/generated/api.github.com.json'
  )
  const created = new Ajv2020.default({
    strict: false,
    allErrors: true,
    validateFormats: false
  })
  created.addSchema({ $id: 'gh', components: spec.components })
  ajv = created
  return created
}

/** `issue_comment` + `created` → `webhook-issue-comment-created`. */
export function schemaName(eventName: string, action?: string): string {
  const parts = action ? [eventName, action] : [eventName]
  return `webhook-${parts.join('-').replace(/_/g, '-')}`
}

function validator(eventName: string, action?: string): ValidateFunction {
  const name = schemaName(eventName, action)
  const cached = validators.get(name)
  if (cached) return cached
  const compiled = instance().getSchema(`gh#/components/schemas/${name}`)
  if (!compiled) {
    throw new Error(
      `@octokit/openapi-webhooks has no schema ${name} ` +
        `(event ${JSON.stringify(eventName)}, action ${JSON.stringify(action)})`
    )
  }
  validators.set(name, compiled)
  return compiled
}

/**
 * Validates a payload against GitHub's official webhook schema for the
 * event and action (omit the action for events without one, e.g. push).
 * Returns readable errors; an empty list means the payload is valid.
 */
export function validatePayload(
  eventName: string,
  action: string | undefined,
  payload: unknown
): string[] {
  const validate = validator(eventName, action)
  if (validate(payload)) return []
  return (validate.errors ?? []).map(error => {
    const where = error.instancePath || '/'
    const params = JSON.stringify(error.params)
    return `${where} ${error.message ?? 'is invalid'} ${params}`
  })
}

/** Throws with every error when a built payload does not validate. */
export function assertValidPayload(
  eventName: string,
  action: string | undefined,
  payload: unknown
): void {
  const errors = validatePayload(eventName, action, payload)
  if (errors.length > 0) {
    const name = schemaName(eventName, action)
    throw new Error(`payload does not match ${name}:\n${errors.join('\n')}`)
  }
}
