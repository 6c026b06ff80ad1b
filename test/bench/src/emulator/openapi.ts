import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Ajv } from 'ajv'
import type { ErrorObject, ValidateFunction } from 'ajv'

/** One operation of GitHub's REST description. */
export interface Operation {
  operationId: string
  method: string
  /** Path template, e.g. /repos/{owner}/{repo}/deployments */
  path: string
  documentationUrl: string
  definition: Record<string, unknown>
}

/** Outcome of a validation: undefined when valid. */
export type ValidationErrors = ErrorObject[] | undefined

type Json = Record<string, unknown>

const SPEC_FILE = 'generated/api.github.com.json'
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head']

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * OpenAPI 3.0 `nullable` without `type` (next to anyOf/allOf/$ref) makes
 * ajv throw; rewrite those nodes into `anyOf: [schema, {type: 'null'}]`.
 */
function fixNullable(node: unknown): unknown {
  if (Array.isArray(node)) {
    node.forEach((item, index) => (node[index] = fixNullable(item)))
    return node
  }
  if (!isObject(node)) return node
  // In place: a copy of the whole description would double its memory.
  for (const [key, value] of Object.entries(node))
    node[key] = fixNullable(value)
  // null must also pass an enum: GitHub sends `conclusion: null`.
  if (
    node.nullable === true &&
    Array.isArray(node.enum) &&
    !node.enum.includes(null)
  ) {
    node.enum = [...(node.enum as unknown[]), null]
  }
  if (node.nullable === true && !('type' in node)) {
    const { nullable: _nullable, ...schema } = node
    return { anyOf: [schema, { type: 'null' }] }
  }
  return node
}

// Inline schemas point at '#/components/...'; compiled on their own they
// must point into the schema registered as 'gh'.
function rebase(schema: unknown): Json {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/', '"gh#/components/')
  ) as Json
}

/** GitHub's REST description with lazily compiled validators. */
export class OpenApi {
  private readonly ajv: Ajv
  private readonly components: Json
  private readonly operations = new Map<string, Operation>()
  private readonly validators = new Map<string, ValidateFunction | null>()
  private readonly matchers: Array<{
    method: string
    regex: RegExp
    id: string
  }> = []

  constructor(spec: Json) {
    this.components = (isObject(spec.components) ? spec.components : {}) as Json
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      verbose: true,
      validateFormats: false
    })
    this.ajv.addSchema({ $id: 'gh', components: this.components })
    const paths = isObject(spec.paths) ? spec.paths : {}
    for (const [template, item] of Object.entries(paths)) {
      if (!isObject(item)) continue
      for (const method of METHODS) this.index(template, method, item[method])
    }
  }

  private index(template: string, method: string, definition: unknown): void {
    if (!isObject(definition) || typeof definition.operationId !== 'string')
      return
    const docs = isObject(definition.externalDocs)
      ? definition.externalDocs.url
      : undefined
    const operation: Operation = {
      operationId: definition.operationId,
      method: method.toUpperCase(),
      path: template,
      documentationUrl:
        typeof docs === 'string' ? docs : 'https://docs.github.com/rest',
      definition
    }
    this.operations.set(operation.operationId, operation)
    const pattern = template
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\{[^}]+\}/g, '[^/]+')
    this.matchers.push({
      method: operation.method,
      regex: new RegExp(`^${pattern}$`),
      id: operation.operationId
    })
  }

  /** The operation with this id, if GitHub documents it. */
  operation(operationId: string): Operation | undefined {
    return this.operations.get(operationId)
  }

  /** Which documented operation a raw request path is, if any. */
  findOperation(method: string, rawPath: string): string | undefined {
    return this.matchers.find(m => m.method === method && m.regex.test(rawPath))
      ?.id
  }

  /** Validates a JSON request body; undefined when valid or no schema. */
  validateRequest(operationId: string, body: unknown): ValidationErrors {
    const validate = this.validator(`req:${operationId}`, () => {
      const requestBody = this.deref(
        this.operation(operationId)?.definition.requestBody
      )
      return this.jsonSchema(requestBody)
    })
    return this.run(validate, body)
  }

  /** Validates a JSON response body for one status of one operation. */
  validateResponse(
    operationId: string,
    status: number,
    body: unknown
  ): ValidationErrors {
    const validate = this.validator(`res:${operationId}:${status}`, () => {
      const responses = this.operation(operationId)?.definition.responses
      return this.jsonSchema(
        this.deref(isObject(responses) ? responses[String(status)] : undefined)
      )
    })
    return this.run(validate, body)
  }

  // Verbose errors carry whole schemas: keep what explains the failure.
  private run(
    validate: ValidateFunction | null,
    body: unknown
  ): ValidationErrors {
    if (!validate || validate(body)) return undefined
    return (validate.errors ?? []).map(
      ({ instancePath, schemaPath, keyword, params, message, data }) => ({
        instancePath,
        schemaPath,
        keyword,
        params,
        message,
        data
      })
    )
  }

  private validator(
    key: string,
    schemaOf: () => unknown
  ): ValidateFunction | null {
    let validate = this.validators.get(key)
    if (validate === undefined) {
      const schema = schemaOf()
      validate = schema === undefined ? null : this.ajv.compile(rebase(schema))
      this.validators.set(key, validate)
    }
    return validate
  }

  // Resolves a '#/components/<kind>/<name>' reference at response level.
  private deref(node: unknown): Json | undefined {
    if (!isObject(node)) return undefined
    if (typeof node.$ref !== 'string') return node
    const [, , kind = '', name = ''] = node.$ref.split('/')
    const group = this.components[kind]
    return isObject(group) && isObject(group[name]) ? group[name] : undefined
  }

  private jsonSchema(holder: Json | undefined): unknown {
    const content = holder?.content
    const media = isObject(content) ? content['application/json'] : undefined
    return isObject(media) ? media.schema : undefined
  }
}

let loading: Promise<OpenApi> | undefined

/**
 * Loads the description once per module instance (~13 MB, ~0.3 s) and
 * shares it between emulators. Reads the JSON file directly: importing
 * `@octokit/openapi` would load every variant of the description.
 */
export function loadOpenApi(): Promise<OpenApi> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url)
    const root = path.dirname(require.resolve('@octokit/openapi/package.json'))
    const text = await readFile(path.join(root, SPEC_FILE), 'utf8')
    const spec = JSON.parse(text) as Json
    fixNullable(spec.components)
    fixNullable(spec.paths)
    return new OpenApi(spec)
  })()
  return loading
}

/** GitHub-style one-line explanation of an ajv error, for 422 messages. */
export function describeError(error: ErrorObject): string {
  const where = error.instancePath
    .replace(/^\//, '')
    .replace(/\//g, '/properties/')
  const field = where ? `For 'properties/${where}', ` : ''
  switch (error.keyword) {
    case 'required':
      return `"${String(error.params.missingProperty)}" wasn't supplied.`
    case 'enum':
      return `${field}${JSON.stringify(error.data)} is not one of ${JSON.stringify(error.params.allowedValues)}.`
    case 'type':
      return `${field}${JSON.stringify(error.data)} is not ${/^[aeiou]/.test(String(error.params.type)) ? 'an' : 'a'} ${String(error.params.type)}.`
    default:
      return `${field}${error.message ?? 'is invalid'}.`
  }
}
