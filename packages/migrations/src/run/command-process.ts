import type { CommandToolInput } from './run-command-tool.js'
import type { Leg, RunFailure } from './types.js'

const COMMAND_TIMEOUT_MS = 60 * 60_000

/** Runs one command of the team's tool as a leg, timed; non-zero exit fails. */
export async function runCommandLeg(
  input: CommandToolInput,
  name: Leg['name'],
  command: string
): Promise<{ leg: Leg; failure: RunFailure | undefined }> {
  input.reporter.info(`$ ${command}`)
  const started = performance.now()
  const result = await input.runner.run(command, {
    cwd: input.workspace,
    env: input.env,
    timeoutMs: COMMAND_TIMEOUT_MS,
    signal: input.signal,
    onOutput: chunk => input.reporter.info(chunk.trimEnd())
  })
  const durationMs = performance.now() - started
  const step = {
    version: '',
    name: command,
    file: '',
    direction: name === 'down' ? ('down' as const) : ('up' as const),
    durationMs,
    attempts: 1
  }
  const leg = { name, steps: [step], durationMs }
  if (result.cancelled)
    return {
      leg,
      failure: {
        kind: 'cancelled',
        message: `cancelled while running \`${command}\``
      }
    }
  if (result.exitCode === 0) return { leg, failure: undefined }
  const how = result.timedOut
    ? 'timed out'
    : `exited with ${result.exitCode ?? result.signal ?? '?'}`
  return {
    leg,
    failure: {
      kind: 'command',
      message: `\`${command}\` ${how}; see the step log`
    }
  }
}

/** The status command's output, for the summary (last 2,000 characters). */
export async function statusOf(
  input: CommandToolInput,
  when: string
): Promise<string> {
  const command = input.config.status ?? ''
  let output = ''
  const result = await input.runner.run(command, {
    cwd: input.workspace,
    env: input.env,
    timeoutMs: 5 * 60_000,
    signal: input.signal,
    onOutput: chunk => {
      output += chunk
    }
  })
  const text = output.trim().slice(-2000)
  return `Status ${when} (\`${command}\`, exit ${result.exitCode ?? '?'}):\n\n\`\`\`\n${text}\n\`\`\``
}
