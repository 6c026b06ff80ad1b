import { formatDuration } from '@rehearse/engine'
import type { Command } from '../args/parse-command.js'
import type { DeploymentAttempt } from '../ledger/deployment-attempts.js'
import type { CliIo } from './cli-io.js'
import { shortFingerprint, shortSha } from './print-outcome.js'
import { attemptState } from './status-table.js'
import { renderTable } from './text-table.js'
import { historyDocument, writeJson } from './json-output.js'
import { openWorkspace } from './workspace.js'

type HistoryOptions = Extract<Command, { kind: 'history' }>

const HEADERS = ['STARTED', 'SHA', 'RESULT', 'BY', 'FINGERPRINT', 'TOOK']

/**
 * `rehearse history <env>`: the environment's deployment attempts from the
 * local ledger, newest first, at most `--limit`.
 */
export async function historyCommand(
  options: HistoryOptions,
  io: CliIo,
  json?: (text: string) => void
): Promise<number> {
  const { ledger } = await openWorkspace(io)
  const { env, limit } = options
  // One more than shown tells whether older ones were left out.
  const attempts = await ledger.attempts(env, limit + 1)
  if (json) {
    const more = attempts.length > limit
    writeJson(
      json,
      historyDocument(env, ledger.path, attempts.slice(0, limit), more)
    )
    return 0
  }
  if (attempts.length === 0) {
    const known = await ledger.environments()
    const hint =
      known.length > 0
        ? ` Environments with deployments: ${known.join(', ')}.`
        : ' Start with: rehearse run --env staging'
    io.stdout(`No deployments of ${env} in ${ledger.path}.${hint}\n`)
    return 0
  }
  const shown = attempts.slice(0, limit)
  io.stdout(`Deployments of ${env}, newest first (${ledger.path})\n\n`)
  io.stdout(renderHistoryTable(shown))
  if (attempts.length > limit) {
    io.stdout(
      `\nOlder deployments not shown: rehearse history ${env} --limit ${limit * 5}\n`
    )
  }
  return 0
}

/** The attempts as an aligned text table, in the order given. */
export function renderHistoryTable(
  attempts: readonly DeploymentAttempt[]
): string {
  return renderTable(
    HEADERS,
    attempts.map(attempt => {
      const { deployment, durationMs } = attempt
      return [
        formatWhen(attempt.startedAt),
        shortSha(deployment.sha),
        attemptState(attempt),
        deployment.creator ?? '-',
        deployment.payload
          ? shortFingerprint(deployment.payload.fingerprint)
          : '-',
        durationMs === undefined ? '-' : formatDuration(durationMs)
      ]
    })
  )
}

/** `2024-05-01 10:03:07` in local time; what could not be read, as is. */
export function formatWhen(iso: string): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`
}
