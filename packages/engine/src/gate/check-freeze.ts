import { Cron } from 'croner'
import type { Freeze, Plan } from '../plan-types.js'
import type { GateCheck } from './types.js'

/** A freeze in force, and when it ends. */
export interface ActiveFreeze {
  readonly freeze: Freeze
  readonly endsAt: Date
}

/** The freeze in force for the environment at `now`, if any. */
export function activeFreeze(
  plan: Plan,
  environment: string,
  now: Date
): ActiveFreeze | undefined {
  for (const freeze of plan.freezes) {
    if (!freeze.environments.includes(environment)) continue
    const window = freeze.window
    if ('from' in window) {
      const from = Date.parse(window.from)
      const until = Date.parse(window.until)
      if (now.getTime() >= from && now.getTime() < until)
        return { freeze, endsAt: new Date(until) }
      continue
    }
    const job = new Cron(window.cron, { timezone: 'UTC', paused: true })
    // The latest start at or before now (croner looks strictly before).
    const [start] = job.previousRuns(1, new Date(now.getTime() + 1))
    if (!start) continue
    const endsAt = new Date(start.getTime() + window.durationHours * 3_600_000)
    if (now < endsAt) return { freeze, endsAt }
  }
  return undefined
}

/**
 * No change freeze is in force for the target (`change_freeze`), or one
 * is and the run was given an explicit override (recorded by the caller).
 */
export function checkFreeze(
  found: ActiveFreeze | undefined,
  target: string,
  override: { readonly by: string; readonly reason: string } | undefined
): GateCheck {
  const id = `freeze:${target}`
  const title = `${target} is not in a change freeze`
  if (!found) return { id, title, ok: true, message: 'it is not' }
  const until = found.endsAt.toISOString()
  if (override)
    return {
      id,
      title,
      ok: true,
      message: `frozen until ${until} ("${found.freeze.reason}"), overridden by @${override.by}: "${override.reason}"`
    }
  return {
    id,
    title,
    ok: false,
    reason: 'change_freeze',
    message: `${target} is frozen until ${until}: "${found.freeze.reason}". Deploy after it ends, or override it explicitly (the freeze-override input, or --override-freeze "<why>"): the override is recorded with who gave it.`
  }
}
