import { Ajv } from 'ajv'
import type { ErrorObject, ValidateFunction } from 'ajv'
import schema from '../../schema/rehearse.schema.json' with { type: 'json' }

let validator: ValidateFunction | undefined

/** The shipped JSON Schema is the single source of the plan's rules. */
export function validateAgainstSchema(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema)
  return validator(value) ? [] : [...(validator.errors ?? [])]
}

export { schema as planSchema }
