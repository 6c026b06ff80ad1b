import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'yaml'

/** One `inputs.<name>` entry of `action.yml`. */
export interface ManifestInput {
  name: string
  /** Raw default text; may hold `${{ github.* }}` expressions. */
  default?: string
  required: boolean
  deprecationMessage?: string
}

/** What the runner reads from a JavaScript action's `action.yml`. */
export interface ActionManifest {
  name: string
  dir: string
  using: 'node20' | 'node24'
  inputs: ManifestInput[]
  /** Absolute path of `runs.main`. */
  main: string
  /** Absolute path of `runs.post`, when the action has one. */
  post?: string
  /** `runs.post-if`; the runner's default is `always()`. */
  postIf: string
}

const SUPPORTED_USING = ['node20', 'node24'] as const

/**
 * Reads `action.yml` (or `action.yaml`, which the runner also accepts) and
 * checks it is a JavaScript action this bench can run.
 */
export async function loadActionManifest(
  actionDir: string
): Promise<ActionManifest> {
  const dir = path.resolve(actionDir)
  const file = ['action.yml', 'action.yaml']
    .map(name => path.join(dir, name))
    .find(candidate => existsSync(candidate))
  if (!file) throw new Error(`no action.yml or action.yaml in ${dir}`)
  const document: unknown = parse(await readFile(file, 'utf8'))
  if (!isRecord(document)) throw new Error(`${file}: not a YAML mapping`)
  const runs = document['runs']
  if (!isRecord(runs)) throw new Error(`${file}: "runs" is missing`)
  return {
    name: typeof document['name'] === 'string' ? document['name'] : '',
    dir,
    using: readUsing(file, runs['using']),
    inputs: readInputs(file, document['inputs']),
    main: resolveScript(file, dir, runs, 'main', true) as string,
    post: resolveScript(file, dir, runs, 'post', false),
    postIf: scalarText(runs['post-if']) || 'always()'
  }
}

function readUsing(file: string, using: unknown): ActionManifest['using'] {
  // The runner compares `using` case-insensitively.
  const value = typeof using === 'string' ? using.toLowerCase() : ''
  const known = SUPPORTED_USING.find(candidate => candidate === value)
  if (!known) {
    throw new Error(
      `${file}: runs.using is ${JSON.stringify(using)}; the bench runs ` +
        `JavaScript actions only (${SUPPORTED_USING.join(', ')})`
    )
  }
  return known
}

function readInputs(file: string, inputs: unknown): ManifestInput[] {
  if (inputs === undefined || inputs === null) return []
  if (!isRecord(inputs)) throw new Error(`${file}: "inputs" is not a mapping`)
  return Object.entries(inputs).map(([name, spec]) => {
    const fields = isRecord(spec) ? spec : {}
    const hasDefault = fields['default'] !== undefined
    const deprecation = fields['deprecationMessage']
    return {
      name,
      default: hasDefault ? scalarText(fields['default']) : undefined,
      required: fields['required'] === true || fields['required'] === 'true',
      deprecationMessage:
        typeof deprecation === 'string' ? deprecation : undefined
    }
  })
}

function resolveScript(
  file: string,
  dir: string,
  runs: Record<string, unknown>,
  key: 'main' | 'post',
  required: boolean
): string | undefined {
  const value = runs[key]
  if (value === undefined || value === null || value === '') {
    if (required) throw new Error(`${file}: runs.${key} is missing`)
    return undefined
  }
  if (runs['pre'] !== undefined) {
    // Silently skipping `pre` would run main in a state it never sees on CI.
    throw new Error(`${file}: runs.pre is not supported by the bench runner`)
  }
  const script = path.resolve(dir, String(value))
  if (!existsSync(script)) {
    throw new Error(`${file}: runs.${key} ${script} does not exist`)
  }
  return script
}

// YAML scalars (`default: false`, `default: 3`) reach the runner as text.
function scalarText(value: unknown): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'string' ? value : String(value)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
