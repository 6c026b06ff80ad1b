import type { Plan } from '../plan-types.js'
import { environmentOf, valueOf } from '../fingerprint/environment-of.js'
import { resolveArtifact } from '../run/step-variables.js'
import { MASK, carriesCredentials, isSecretName } from './secrets.js'
import type { ParityReport, ParityRow } from './types.js'

export interface CompareEnvironmentsOptions {
  /** Commit being promoted: the artifact row shows the resolved reference. */
  readonly sha: string
  /** Extra secret names, on top of the default pattern (never fewer). */
  readonly secretNames?: (name: string) => boolean
}

/**
 * Side by side, what differs between the required environment (`from`) and
 * the promotion target (`to`): every variable of either, the artifact and
 * the url. A variable that differs and is not in `parity.allow-differences`
 * is undeclared, and promotion must refuse. The url always differs and is
 * only shown. Secret values are masked in the rows but compared for real.
 */
export function compareEnvironments(
  plan: Plan,
  from: string,
  to: string,
  options: CompareEnvironmentsOptions
): ParityReport {
  const source = environmentOf(plan, from)
  const target = environmentOf(plan, to)
  const allowed = new Set(plan.parity.allowDifferences)
  const names = [
    ...new Set([...Object.keys(source.env), ...Object.keys(target.env)])
  ].sort()
  const rows: ParityRow[] = names.map(name =>
    row(
      'variable',
      name,
      valueOf(source.env, name),
      valueOf(target.env, name),
      {
        declared: allowed.has(name),
        secretNames: options.secretNames
      }
    )
  )
  if (plan.artifact !== undefined) {
    // One plan, one artifact template: both sides resolve alike by design.
    const artifact = resolveArtifact(plan.artifact, options.sha)
    rows.push(row('artifact', 'artifact', artifact, artifact, {}))
  }
  rows.push(row('url', 'url', source.url, target.url, {}))
  return {
    file: plan.file,
    from,
    to,
    rows,
    undeclared: rows.filter(
      item => item.differs && !item.declared && !item.informational
    )
  }
}

function row(
  kind: ParityRow['kind'],
  name: string,
  from: string | undefined,
  to: string | undefined,
  options: { declared?: boolean; secretNames?: (name: string) => boolean }
): ParityRow {
  // Only variable names are matched against the secret pattern; the url and
  // artifact are masked only if they carry credentials.
  const masked =
    (kind === 'variable' && isSecretName(name, options.secretNames)) ||
    carriesCredentials([from, to])
  const show = (value: string | undefined): string | undefined =>
    masked && value !== undefined ? MASK : value
  return {
    kind,
    name,
    from: show(from),
    to: show(to),
    differs: from !== to,
    declared: options.declared ?? false,
    masked,
    informational: kind === 'url'
  }
}
