import { escapeMarkdownCell, formatDuration } from '@rehearse/engine'
import type { LintFinding } from '../lint/lint-migrations.js'
import type { StepTiming } from '../run/run-context.js'
import type { Leg, ToolResult } from '../run/types.js'
import type { MigrationOutcome } from '../stage/types.js'
import { renderTimingChart } from './render-chart.js'

type Head = Pick<
  MigrationOutcome,
  'status' | 'environment' | 'dryRun' | 'applied' | 'durationMs'
>

const MAX_ROWS = 50
const ICON = {
  success: '✅',
  failure: '❌',
  cancelled: '⚪',
  skipped: '⚪'
} as const

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map(row => `| ${row.join(' | ')} |`)
  ].join('\n')
}

const cell = (text: string): string => escapeMarkdownCell(text)
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``

/** The job summary section of a migrations run, in Markdown. */
export function renderMigrationSummary(head: Head, result: ToolResult): string {
  const title = `### Migrations · ${head.environment}${head.dryRun ? ' (dry run)' : ''}`
  const sections = [
    title,
    `${ICON[head.status]} ${headline(head, result)} — ${result.database}`,
    ...failureSection(result),
    ...migrationsSection(head, result),
    ...lintSection(result.findings),
    ...changesSection(result.changes, head.dryRun),
    ...rehearsalSection(result),
    ...checksSection(result),
    ...result.notes
  ]
  return sections.join('\n\n')
}

function headline(head: Head, result: ToolResult): string {
  if (head.dryRun)
    return `${result.pending.length} pending migration(s); nothing was changed`
  if (head.applied === undefined)
    return `migration command ${head.status === 'success' ? 'ran' : 'failed'}`
  if (head.applied === 0)
    return head.status === 'success'
      ? 'no pending migrations'
      : 'no migration was applied'
  return `${head.applied} migration(s) applied${head.applied ? ` in ${formatDuration(head.durationMs)}` : ''}`
}

function failureSection(result: ToolResult): string[] {
  const failure = result.failure
  if (!failure) return []
  if (failure.kind !== 'migration') return [`**Failed:** ${failure.message}`]
  const { detail } = failure
  const what =
    failure.direction === 'down' ? 'Down migration failed' : 'Migration failed'
  return [
    `**${what}** at ${code(detail.where)}: ${detail.error}`,
    ...(detail.statement
      ? ['```sql\n' + detail.statement.slice(0, 3000) + '\n```']
      : []),
    ...(detail.lockTimeout
      ? [
          'It waited longer than lock-timeout for a table lock held by another session, and gave up instead of blocking the queries queued behind it. Retry when the table is less busy, or raise migrations.lock-timeout-seconds.'
        ]
      : [])
  ]
}

function migrationsSection(head: Head, result: ToolResult): string[] {
  const last = result.legs.filter(l => l.name !== 'down').at(-1)
  if (head.dryRun) {
    const ran = new Map((last?.steps ?? []).map(s => [s.version, s]))
    if (result.pending.length === 0) return ['No pending migrations.']
    const rows = result.pending.slice(0, MAX_ROWS).map(p => {
      const step = ran.get(p.version)
      return [
        cell(p.version),
        code(p.file),
        step ? formatDuration(step.durationMs) : '—'
      ]
    })
    return [
      '#### Pending migrations',
      table(['version', 'file', 'dry-run time'], rows),
      ...more(result.pending.length)
    ]
  }
  const steps = result.applied
  const commands = result.legs.flatMap(leg => leg.steps.filter(s => !s.version))
  if (steps.length === 0 && commands.length > 0) {
    const rows = result.legs.flatMap(leg =>
      leg.steps.map(s => [leg.name, code(s.name), formatDuration(s.durationMs)])
    )
    return ['#### Commands', table(['leg', 'command', 'duration'], rows)]
  }
  if (steps.length === 0) return renderTimingChart(result.legs)
  const rows = steps
    .slice(0, MAX_ROWS)
    .map(s => [
      cell(s.version || s.direction),
      s.file ? code(s.file) : code(s.name),
      formatDuration(s.durationMs) +
        (s.attempts > 1 ? ` (attempt ${s.attempts})` : '')
    ])
  return [
    '#### Applied',
    table(['version', 'migration', 'duration'], rows),
    ...more(steps.length),
    ...renderTimingChart(result.legs)
  ]
}

function more(count: number): string[] {
  return count > MAX_ROWS ? [`…and ${count - MAX_ROWS} more.`] : []
}

function lintSection(findings: readonly LintFinding[]): string[] {
  if (findings.length === 0) return []
  const rows = findings
    .slice(0, MAX_ROWS)
    .map(f => [
      f.level === 'error' ? '❌ error' : '⚠️ warning',
      code(f.rule),
      code(`${f.file}:${f.line}`),
      cell(f.message)
    ])
  return [
    '#### Lint',
    table(['level', 'rule', 'where', 'finding'], rows),
    ...more(findings.length)
  ]
}

function changesSection(changes: readonly string[], dryRun: boolean): string[] {
  if (changes.length === 0) return []
  const lines = changes.slice(0, MAX_ROWS).map(line => `- ${line}`)
  return [
    `#### Schema changes${dryRun ? ' (rolled back)' : ''}`,
    [...lines, ...more(changes.length)].join('\n')
  ]
}

function rehearsalSection(result: ToolResult): string[] {
  const { rehearsal, legs } = result
  if (!rehearsal.ran) return [`Rollback rehearsal: ${rehearsal.note}.`]
  const rows = legs.map((leg: Leg) => [
    leg.name,
    String(leg.steps.length),
    formatDuration(leg.durationMs),
    legIcon(leg, result)
  ])
  return [
    '#### Rollback rehearsal',
    table(['leg', 'migrations', 'duration', ''], rows)
  ]
}

function legIcon(leg: Leg, result: ToolResult): string {
  const failure = result.failure
  const last = result.legs.at(-1)
  if (!failure || leg !== last) return '✅'
  if (failure.kind === 'rehearsal') return '❌ schema not restored'
  return '❌'
}

function checksSection(result: ToolResult): string[] {
  if (result.checks.length === 0) return []
  const rows = result.checks.map(c => [
    cell(c.name),
    c.ok ? '✅' : '❌',
    cell(c.detail)
  ])
  return ['#### Integrity checks', table(['check', '', 'result'], rows)]
}

export type { StepTiming }
