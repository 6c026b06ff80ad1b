import type { GateCheck, GateInput } from './types.js'

const short = (sha: string): string => sha.slice(0, 7)

/** The rehearsed rollback was fast enough for the target (`rollback_too_slow`). */
export async function checkRollbackTime(
  input: GateInput,
  environment: string,
  sha: string
): Promise<GateCheck[]> {
  const max = input.plan.environments[input.target]?.rollbackMaxSeconds
  if (max === undefined || input.plan.rollback.length === 0) return []
  const id = `rollback-time:${environment}`
  const title = `${environment} rolled back within ${max} s`
  const report = await input.ledger.readReport(sha, environment, 'rollback')
  const took = Number(report?.data.durationMs)
  if (!Number.isFinite(took))
    return [
      {
        id,
        title,
        ok: false,
        reason: 'rollback_not_rehearsed',
        message: `${environment} kept no timing of its rollback rehearsal for ${short(sha)}. Deploy it to ${environment} again.`
      }
    ]
  const seconds = (took / 1000).toFixed(1)
  return [
    took <= max * 1000
      ? { id, title, ok: true, message: `it took ${seconds} s` }
      : {
          id,
          title,
          ok: false,
          reason: 'rollback_too_slow',
          message: `${environment}'s rehearsed rollback took ${seconds} s; ${input.target} allows ${max} s (rollback-max-seconds). Make the rollback faster, or raise the bound.`
        }
  ]
}
