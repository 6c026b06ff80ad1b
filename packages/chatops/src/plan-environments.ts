import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

type Json = Record<string, unknown>

const record = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined

/** Environment names a plan file declares, in order; [] when it has none. */
export function planEnvironmentNames(
  workspace: string,
  file: string
): string[] {
  const path = join(workspace, file)
  if (!existsSync(path)) return []
  try {
    const plan = record(parse(readFileSync(path, 'utf8')) as unknown)
    return Object.keys(record(plan?.environments) ?? {})
  } catch {
    // loadPlan reports a broken plan with file, line and key.
    return []
  }
}
