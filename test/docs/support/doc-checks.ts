import { existsSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { parse } from 'yaml'
import { contracts } from '@rehearse/actions'
import type { ActionName } from '../../../packages/actions/src/contract.js'
import { permissions } from '../../../packages/actions/src/permissions.js'
import type { PermissionNeed } from '../../../packages/actions/src/permissions.js'

// Checks of what the docs say against what the code has. Each returns the
// problems it found, one line each naming the place, so a test can show
// them all and another can feed them a deliberately wrong text.

const CONTRACT_START = '<!-- contract:start'
const CONTRACT_END = '<!-- contract:end'

function outputsOf(action: ActionName): readonly string[] {
  return contracts[action].outputs
}

function isAction(name: string): name is ActionName {
  return Object.hasOwn(contracts, name)
}

/** Rows `| \`name\` | ... |` of the table under `### <heading>`. */
function tableRows(section: string, heading: string): string[][] {
  const start = section.indexOf(`### ${heading}`)
  if (start < 0) return []
  const rest = section.slice(start).split('\n').slice(1)
  const rows: string[][] = []
  for (const line of rest) {
    if (line.startsWith('### ')) break
    const match = /^\|(.*)\|\s*$/.exec(line)
    if (!match?.[1]) continue
    const cells = match[1].split(/(?<!\\)\|/).map(cell => cell.trim())
    if (!/^`[^`]+`$/.test(cells[0] ?? '')) continue
    rows.push(cells.map(cell => cell.replace(/^`|`$/g, '')))
  }
  return rows
}

/**
 * The inputs/outputs tables of an action README against the contract:
 * every row names an input or output the code has, with its default, and
 * every one the code has has a row.
 */
export function readmeTableProblems(
  action: ActionName,
  readme: string
): string[] {
  const where = `actions/${action}/README.md`
  const from = readme.indexOf(CONTRACT_START)
  const to = readme.indexOf(CONTRACT_END)
  if (from < 0 || to < 0) return [`${where}: no contract tables`]
  const section = readme.slice(from, to)
  const contract = contracts[action]
  const problems: string[] = []
  const inputs = tableRows(section, 'Inputs')
  for (const [name = '', shown = ''] of inputs) {
    const spec = (contract.inputs as Record<string, { default?: string }>)[name]
    if (!spec) {
      problems.push(`${where}: input "${name}" is not an input of ${action}`)
      continue
    }
    const expected = spec.default === '' ? '""' : (spec.default ?? '')
    if (shown.replace(/\\\|/g, '|') !== expected) {
      problems.push(
        `${where}: input "${name}" defaults to ${expected}, the README says ${shown}`
      )
    }
  }
  const listed = new Set(inputs.map(([name]) => name))
  for (const name of Object.keys(contract.inputs)) {
    if (!listed.has(name)) problems.push(`${where}: input "${name}" has no row`)
  }
  const outputs = tableRows(section, 'Outputs').map(([name = '']) => name)
  for (const name of outputs) {
    if (!outputsOf(action).includes(name))
      problems.push(`${where}: output "${name}" is not an output of ${action}`)
  }
  for (const name of outputsOf(action)) {
    if (!outputs.includes(name))
      problems.push(`${where}: output "${name}" has no row`)
  }
  return problems
}

type Permissions = string | Record<string, string> | undefined

interface Job {
  readonly name: string
  readonly permissions: Permissions
  readonly steps: readonly Record<string, unknown>[]
  readonly text: string
}

/**
 * The jobs of a workflow or of a README snippet: a whole workflow
 * (`jobs:`), one or more jobs (`staging: { steps }`), or a steps list.
 * `permissions` is undefined when the snippet shows no job around them.
 */
function jobsOf(doc: unknown): Job[] | undefined {
  if (Array.isArray(doc)) {
    const steps = doc.filter(isRecord)
    return steps.length
      ? [
          {
            name: 'steps',
            permissions: undefined,
            steps,
            text: JSON.stringify(doc)
          }
        ]
      : undefined
  }
  if (!isRecord(doc)) return undefined
  const workflowPermissions = doc['permissions'] as Permissions
  const jobs = isRecord(doc['jobs']) ? doc['jobs'] : doc
  const found: Job[] = []
  for (const [name, job] of Object.entries(jobs)) {
    if (!isRecord(job) || !Array.isArray(job['steps'])) continue
    found.push({
      name,
      permissions:
        (job['permissions'] as Permissions) ??
        workflowPermissions ??
        (isRecord(doc['jobs']) ? {} : undefined),
      steps: job['steps'].filter(isRecord),
      text: JSON.stringify(job)
    })
  }
  if (found.length === 0 && Array.isArray(doc['steps'])) {
    return jobsOf(doc['steps'])
  }
  return found.length ? found : undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const USES = /^(?:rehearse\/rehearse\/actions\/|\.\/actions\/)([a-z-]+)@?/

function granted(
  permissions: Permissions,
  scope: string
): 'none' | 'read' | 'write' {
  if (permissions === 'write-all') return 'write'
  if (permissions === 'read-all') return 'read'
  if (!isRecord(permissions)) return 'none'
  const level = permissions[scope]
  return level === 'write' || level === 'read' ? level : 'none'
}

/** The permission needs of one call of `action` with these `with:` values. */
export function needsOf(
  action: ActionName,
  inputs: Record<string, unknown>
): PermissionNeed[] {
  const sets = permissions[action]
  const mode = inputs['mode']
  const modeSets = sets.filter(
    set => set.when?.input === 'mode' && set.when.value !== undefined
  )
  // A mode chosen by an expression needs what each mode it names needs.
  const chosen =
    typeof mode === 'string'
      ? modeSets.filter(set =>
          mode.includes('${{')
            ? mode.includes(`'${set.when?.value}'`)
            : mode === set.when?.value
        )
      : []
  const usual =
    chosen.length === 0 ||
    (typeof mode === 'string' && mode.includes("'deploy'"))
  return sets.flatMap(set => {
    if (!set.when) return usual ? set.needs : []
    if (set.when.input === 'mode') return chosen.includes(set) ? set.needs : []
    const given = inputs[set.when.input]
    return given !== undefined && given !== '' ? set.needs : []
  })
}

/**
 * Every use of a Rehearse action in a workflow or snippet: `with:` names
 * only inputs it has (and its required ones), `steps.<id>.outputs.<name>`
 * only outputs it has, and the job grants the permissions it needs.
 */
export function workflowProblems(where: string, text: string): string[] {
  let doc: unknown
  try {
    doc = parse(text)
  } catch (error) {
    return [`${where}: not YAML (${(error as Error).message.split('\n')[0]})`]
  }
  const problems: string[] = []
  for (const job of jobsOf(doc) ?? []) {
    const ids = new Map<string, ActionName>()
    for (const step of job.steps) {
      const uses = typeof step['uses'] === 'string' ? step['uses'] : ''
      const action = USES.exec(uses)?.[1]
      if (!action) continue
      if (!isAction(action)) {
        problems.push(
          `${where}: job ${job.name} uses ${uses}, which is no action of this repository`
        )
        continue
      }
      if (typeof step['id'] === 'string') ids.set(step['id'], action)
      const inputs = isRecord(step['with']) ? step['with'] : {}
      const contract = contracts[action]
      for (const input of Object.keys(inputs)) {
        if (!Object.hasOwn(contract.inputs, input))
          problems.push(
            `${where}: job ${job.name}: ${action} has no input "${input}"`
          )
      }
      for (const [input, spec] of Object.entries(contract.inputs)) {
        if ((spec as { required?: boolean }).required && !(input in inputs))
          problems.push(
            `${where}: job ${job.name}: ${action} needs input "${input}"`
          )
      }
      if (job.permissions === undefined) continue
      for (const need of needsOf(action, inputs)) {
        const has = granted(job.permissions, need.scope)
        if (has === 'write' || has === need.level) continue
        problems.push(
          `${where}: job ${job.name} grants ${need.scope}: ${has}; ${action} needs ${need.scope}: ${need.level} (${need.why})`
        )
      }
    }
    for (const match of job.text.matchAll(
      /steps\.([\w-]+)\.outputs\.([\w-]+)/g
    )) {
      const [, id = '', output = ''] = match
      const action = ids.get(id)
      if (action && !outputsOf(action).includes(output))
        problems.push(
          `${where}: job ${job.name}: ${action} has no output "${output}"`
        )
    }
  }
  return problems
}

/** The ```yaml blocks of a Markdown file, with their line numbers. */
export function yamlBlocks(text: string): { line: number; text: string }[] {
  return [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map(match => ({
    line: text.slice(0, match.index).split('\n').length,
    text: match[1] ?? ''
  }))
}

/**
 * Links of a Markdown file: inside the repository they must lead to a file
 * or folder that exists (never above the root, like ../shared); outside it
 * only to public https URLs.
 */
export function linkProblems(
  root: string,
  file: string,
  text: string
): string[] {
  const where = relative(root, file)
  const problems: string[] = []
  const lines = text.split('\n')
  let fenced = false
  lines.forEach((line, index) => {
    if (line.startsWith('```')) fenced = !fenced
    if (fenced) return
    if (line.includes('../shared'))
      problems.push(
        `${where}:${index + 1}: names ../shared, which a clone does not have`
      )
    for (const match of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1] ?? ''
      const at = `${where}:${index + 1}`
      if (target.startsWith('#')) continue
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        if (!target.startsWith('https://'))
          problems.push(`${at}: ${target} is not a public https URL`)
        else if (
          /^https:\/\/(localhost|127\.|\[::1\]|[^/]*\.(local|internal|test|example)(?:[:/]|$))/i.test(
            target
          )
        )
          problems.push(`${at}: ${target} is not public`)
        continue
      }
      const path = resolve(dirname(file), decodeURI(target.split('#')[0] ?? ''))
      if (!path.startsWith(root + '/') && path !== root)
        problems.push(`${at}: ${target} leaves the repository`)
      else if (!existsSync(path))
        problems.push(`${at}: ${target} does not exist`)
    }
  })
  return problems
}

const SCOPES = [
  'actions',
  'checks',
  'contents',
  'deployments',
  'issues',
  'pull-requests',
  'statuses'
] as const

/**
 * The `token` input's description against the declared permissions: each
 * scope of the usual call named with its level (the first read/write after
 * it: "deployments, statuses and checks write"), and no scope the action
 * never needs.
 */
export function tokenDescriptionProblems(
  action: ActionName,
  description: string
): string[] {
  const where = `actions/${action}/action.yml: token`
  const sets = permissions[action]
  const usual = sets.find(set => !set.when)?.needs ?? []
  const problems: string[] = []
  for (const need of usual) {
    const at = description.search(new RegExp(`\\b${need.scope}\\b`))
    if (at < 0) {
      problems.push(`${where} does not name ${need.scope} ${need.level}`)
      continue
    }
    const level = /\b(read|write)\b/.exec(description.slice(at))?.[1]
    if (level !== need.level)
      problems.push(
        `${where} says ${need.scope} ${level ?? '(no level)'}; it needs ${need.level}`
      )
  }
  const all = new Set(sets.flatMap(set => set.needs.map(need => need.scope)))
  for (const scope of SCOPES) {
    if (new RegExp(`\\b${scope}\\b`).test(description) && !all.has(scope))
      problems.push(`${where} names ${scope}, which ${action} never needs`)
  }
  return problems
}

/**
 * Inputs and outputs a Markdown text names in prose (`` `x` input ``,
 * ``input `x` ``, the same for outputs) that no action has.
 */
export function proseProblems(where: string, text: string): string[] {
  const inputs = new Set(
    Object.values(contracts).flatMap(contract => Object.keys(contract.inputs))
  )
  const outputs = new Set(
    (Object.keys(contracts) as ActionName[]).flatMap(outputsOf)
  )
  const problems: string[] = []
  const pattern =
    /`([a-z][a-z0-9-]*)` (input|output)s?\b|\b(input|output)s? `([a-z][a-z0-9-]*)`/g
  for (const match of text.matchAll(pattern)) {
    const name = match[1] ?? match[4] ?? ''
    const kind = match[2] ?? match[3]
    const known = kind === 'input' ? inputs : outputs
    if (!known.has(name)) {
      const line = text.slice(0, match.index).split('\n').length
      problems.push(
        `${where}:${line}: names the ${kind} "${name}", which no action has`
      )
    }
  }
  return problems
}
