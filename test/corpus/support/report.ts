import type { Expectation } from './cases.js'

/** What one entry point showed for one case, in one shape for every entry point. */
export interface Outcome {
  /** The process's exit code; 1 for an in-process refusal. */
  readonly exitCode: number | null
  /** The error lines shown (annotations, stderr lines, the error's message). */
  readonly errors: readonly string[]
  /** The reason code the entry point reported, if any. */
  readonly reason: string | undefined
  /** Everything it printed, to look for stack traces. */
  readonly text: string
  /** Writes it made (GitHub operationIds, database or file changes). */
  readonly writes: readonly string[]
  /** What it left behind: lock branches, files, database objects. */
  readonly leftovers: readonly string[]
}

// A V8 stack frame, or the words our top levels use for a bug.
const STACK = /^\s*at (?:.+ \()?(?:file:|node:|\/)\S*:\d+:\d+\)?$/m
const BUG = /unexpected error|internal error|please report/i

/**
 * Every way `outcome` differs from what `expected` says: a non-zero exit,
 * exactly one error line matching the expectation, the reason code, no
 * stack trace, no write beyond those the design allows, nothing left.
 */
export function problemsOf(outcome: Outcome, expected: Expectation): string[] {
  const problems: string[] = []
  if (outcome.exitCode === 0 || outcome.exitCode === null)
    problems.push(`exit code ${String(outcome.exitCode)}, expected non-zero`)
  if (outcome.errors.length !== 1)
    problems.push(
      `${outcome.errors.length} error lines, expected exactly one: ${JSON.stringify(outcome.errors)}`
    )
  const line = outcome.errors[0] ?? ''
  if (line.includes('\n'))
    problems.push(`the error is not one line: ${JSON.stringify(line)}`)
  if (expected.error !== undefined && !line.includes(expected.error))
    problems.push(
      `the error ${JSON.stringify(line.slice(0, 400))} does not contain ${JSON.stringify(expected.error)}`
    )
  if (expected.match !== undefined && !new RegExp(expected.match).test(line))
    problems.push(
      `the error ${JSON.stringify(line.slice(0, 400))} does not match /${expected.match}/`
    )
  if (outcome.reason !== expected.reason)
    problems.push(
      `reason ${JSON.stringify(outcome.reason)}, expected ${expected.reason}`
    )
  if (STACK.test(outcome.text) || BUG.test(outcome.text))
    problems.push(`a stack trace or bug report: ${stackExcerpt(outcome.text)}`)
  const allowed = [...(expected.writes ?? [])].sort()
  const writes = [...outcome.writes].sort()
  if (JSON.stringify(writes) !== JSON.stringify(allowed))
    problems.push(
      `writes ${JSON.stringify(writes)}, expected ${JSON.stringify(allowed)}`
    )
  if (outcome.leftovers.length > 0)
    problems.push(`left behind: ${outcome.leftovers.join(', ')}`)
  return problems
}

function stackExcerpt(text: string): string {
  const lines = text.split('\n')
  const at = lines.findIndex(l => STACK.test(l) || BUG.test(l))
  return JSON.stringify(lines.slice(Math.max(0, at - 1), at + 2).join('\n'))
}
