import type { Plan } from '../plan-types.js'
import { MASK } from '../parity/secrets.js'
import type { DriftRow, DriftStatus, FactReadings } from './types.js'

/**
 * One row per fact of the plan: its value in the required environment
 * (`from`) and the target (`to`). Facts are read from the live
 * environments, so the release relation does not matter: a value that
 * differs is drift unless parity.allow-differences names the fact, and so
 * is a fact that could not be read (nobody can tell that it matches).
 */
export function compareFacts(
  plan: Plan,
  readings: FactReadings,
  from: string,
  to: string
): DriftRow[] {
  const declared = new Set(plan.parity.allowDifferences)
  return plan.facts.map(({ name }) => {
    const a = readings[name]?.[from]
    const b = readings[name]?.[to]
    const masked = a?.masked === true || b?.masked === true
    const show = (value: string | undefined) =>
      masked && value !== undefined ? MASK : value
    const unreadable = !a?.known ? from : !b?.known ? to : undefined
    const [status, note]: [DriftStatus, string] =
      !unreadable && a?.value === b?.value
        ? ['same', '']
        : declared.has(name)
          ? ['declared', 'declared in parity.allow-differences']
          : unreadable
            ? ['drift', `could not be read in ${unreadable}`]
            : ['drift', '']
    return {
      kind: 'fact',
      name,
      from: show(a?.value),
      to: show(b?.value),
      status,
      note,
      masked
    }
  })
}
