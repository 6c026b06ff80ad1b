import type { FingerprintPart } from '../fingerprint/types.js'
import type { DeploymentRecord } from '../ports.js'
import type { DriftRow, DriftStatus, ReleaseRelation } from './types.js'

/** Two environments and the releases they run now. */
export interface ReleasePair {
  readonly from: string
  readonly to: string
  readonly fromCurrent: DeploymentRecord | undefined
  readonly toCurrent: DeploymentRecord | undefined
  readonly relation: ReleaseRelation
  /** parity.allow-differences. */
  readonly declared: ReadonlySet<string>
}

const short = (sha: string | undefined): string | undefined => sha?.slice(0, 7)

/**
 * The rows about what each environment runs: the release, the fingerprint,
 * the migration set and the variable names (from the deployments' stored
 * payloads). At the same code every difference is drift; while the
 * required environment is ahead they are what the promotion will bring,
 * so they are shown, not counted. A target running code the required
 * environment does not (behind, unrehearsed) is drift on the release row.
 */
export function compareReleases(pair: ReleasePair): DriftRow[] {
  const { fromCurrent, toCurrent } = pair
  const rows = [releaseRow(pair)]
  if (!fromCurrent || !toCurrent) return rows
  const a = fromCurrent.payload
  const b = toCurrent.payload
  if (!a || !b) {
    const note = `the deployment in ${a ? pair.to : pair.from} has no Rehearse record to compare`
    return [
      ...rows,
      row(
        'fingerprint',
        'fingerprint',
        undefined,
        undefined,
        'informational',
        note
      )
    ]
  }
  return [
    ...rows,
    fingerprintRow(pair, a.fingerprint, b.fingerprint, a.parts, b.parts),
    partRow(pair, 'migrations', a.parts.migrations, b.parts.migrations),
    ...variableRows(pair, a.variables, b.variables)
  ]
}

function releaseRow(pair: ReleasePair): DriftRow {
  const { from, to } = pair
  const a = short(pair.fromCurrent?.sha)
  const b = short(pair.toCurrent?.sha)
  const [status, note]: [DriftStatus, string] = (() => {
    switch (pair.relation) {
      case 'same':
        return ['same', '']
      case 'ahead':
        return ['informational', `${from} is ahead: ${a} awaits promotion`]
      case 'behind':
        return ['drift', `${from} went back to a release older than ${to} runs`]
      case 'unrehearsed':
        return ['drift', `${to} runs a release ${from} never ran`]
      case 'required-undeployed':
        return [
          'drift',
          `${from} runs no release: nothing rehearses what ${to} runs`
        ]
      case 'target-undeployed':
        return ['informational', `${to} has no successful deployment yet`]
      case 'undeployed':
        return ['informational', 'neither has a successful deployment yet']
    }
  })()
  return row('release', 'release', a, b, status, note)
}

// What code runs; variables and migrations have rows of their own.
const CODE_PARTS: readonly FingerprintPart[] = [
  'steps',
  'strategy',
  'scripts',
  'artifact'
]

function fingerprintRow(
  pair: ReleasePair,
  a: string,
  b: string,
  aParts: Readonly<Record<string, string>>,
  bParts: Readonly<Record<string, string>>
): DriftRow {
  const show = (value: string) => value.replace(/^sha256:/, '').slice(0, 12)
  const make = (status: DriftStatus, note: string) =>
    row('fingerprint', 'fingerprint', show(a), show(b), status, note)
  if (a === b) return make('same', '')
  if (pair.relation !== 'same') return make('informational', changes(pair))
  const code = CODE_PARTS.filter(part => aParts[part] !== bParts[part])
  if (code.length > 0)
    return make('drift', `the same release runs other ${code.join(', ')}`)
  return make(
    'informational',
    'differs in migrations or variable names (below)'
  )
}

function partRow(
  pair: ReleasePair,
  name: 'migrations',
  a: string | undefined,
  b: string | undefined
): DriftRow {
  const make = (status: DriftStatus, note: string) =>
    row(name, name, a ?? '(none)', b ?? '(none)', status, note)
  if (a === b) return make('same', '')
  if (pair.relation !== 'same') return make('informational', changes(pair))
  return make('drift', 'the same release with another migration set')
}

function variableRows(
  pair: ReleasePair,
  a: readonly string[],
  b: readonly string[]
): DriftRow[] {
  const left = new Set(a)
  const right = new Set(b)
  const names = [...new Set([...a, ...b])].sort()
  const differing = names.filter(name => left.has(name) !== right.has(name))
  if (differing.length === 0) {
    const count = (n: number) => `${n} name${n === 1 ? '' : 's'}`
    return [
      row(
        'variables',
        'variable names',
        count(a.length),
        count(b.length),
        'same',
        ''
      )
    ]
  }
  return differing.map(name => {
    const only = left.has(name) ? pair.from : pair.to
    const [status, note]: [DriftStatus, string] = pair.declared.has(name)
      ? ['declared', 'declared in parity.allow-differences']
      : pair.relation === 'ahead'
        ? ['informational', `only in ${only}: changes with the promotion`]
        : ['drift', `only in ${only}`]
    const shown = (has: boolean) => (has ? 'set' : undefined)
    return row(
      'variable',
      name,
      shown(left.has(name)),
      shown(right.has(name)),
      status,
      note
    )
  })
}

function changes(pair: ReleasePair): string {
  return pair.relation === 'ahead'
    ? 'changes with the promotion'
    : 'another release (see the release row)'
}

function row(
  kind: DriftRow['kind'],
  name: string,
  from: string | undefined,
  to: string | undefined,
  status: DriftStatus,
  note: string
): DriftRow {
  return { kind, name, from, to, status, note }
}
