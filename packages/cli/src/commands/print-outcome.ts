import { formatDuration } from '@rehearse/engine'
import type { DeployOutcome, StepOutcome } from '@rehearse/engine'

const MARKS: Record<StepOutcome['status'], string> = {
  success: '✓',
  failure: '✗',
  timed_out: '✗',
  cancelled: '■',
  skipped: '-'
}

/** `abc1234`: how a person reads a commit. */
export const shortSha = (sha: string): string => sha.slice(0, 7)

/** `3f2a9c81d0e4`: the fingerprint without its `sha256:` prefix, shortened. */
export const shortFingerprint = (value: string): string =>
  value.replace(/^sha256:/, '').slice(0, 12)

/** The result of a deploy as a few lines: steps with durations, then the verdict. */
export function describeDeploy(outcome: DeployOutcome): string {
  const where = `${outcome.environment} @ ${shortSha(outcome.sha)}`
  const fingerprint = `fingerprint ${shortFingerprint(outcome.fingerprint.value)}`
  if (outcome.status === 'noop') {
    return `noop: ${where} validated (${fingerprint}); nothing ran, nothing recorded\n`
  }
  const steps = (outcome.run?.steps ?? []).map(step => {
    const took =
      step.status === 'skipped' ? '' : formatDuration(step.durationMs)
    return `  ${MARKS[step.status]} ${step.name.padEnd(24)} ${took}`
  })
  // What the strategy did and found (the slot, each canary analysis): a
  // canary can fail with every step green, and this says why.
  const notes = outcome.notes.map(note => `  · ${note}`)
  const total = outcome.run
    ? ` in ${formatDuration(outcome.run.durationMs)}`
    : ''
  const verdict =
    outcome.status === 'success'
      ? `✓ ${where} deployed${total} (${fingerprint})${outcome.environmentUrl ? ` → ${outcome.environmentUrl}` : ''}`
      : outcome.status === 'cancelled'
        ? `■ ${where} cancelled${total}: recorded as error`
        : `✗ ${where} failed${total}: ${failedStep(outcome)}`
  return `\n${[...steps, ...notes, verdict].join('\n')}\n`
}

function failedStep(outcome: DeployOutcome): string {
  const step = outcome.run?.steps.find(
    s => s.status === 'failure' || s.status === 'timed_out'
  )
  if (!step)
    return outcome.notes.length > 0
      ? 'every step passed; the notes above say what failed'
      : 'see the output above'
  const how =
    step.status === 'timed_out'
      ? 'timed out'
      : `exited with ${step.exitCode ?? 'a signal'}`
  return `step "${step.name}" ${how} (its output is above)`
}
