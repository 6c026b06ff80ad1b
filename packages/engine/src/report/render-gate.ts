import type { GateResult } from '../gate/types.js'
import { escapeCell } from './markdown.js'

/** The gate as a checklist: what was required, what was found. */
export function renderGateSummary(gate: GateResult, target: string): string {
  const head = gate.ok
    ? `### ✅ Gate passed: promoting to ${escapeCell(target)}`
    : `### ⛔ Gate refused promotion to ${escapeCell(target)}`
  const items = gate.checks.map(check => {
    const mark = check.ok ? '✅' : check.skipped ? '⏭️' : '❌'
    const reason = check.reason ? ` \`${check.reason}\`` : ''
    return `- ${mark} **${escapeCell(check.title)}**${reason} — ${escapeCell(check.message)}`
  })
  return [head, '', ...items].join('\n')
}

/** The gate as plain-text lines, for the log before anything deploys. */
export function describeGateLines(gate: GateResult, target: string): string[] {
  const lines = gate.checks.map(check => {
    const mark = check.ok ? '✓' : check.skipped ? '·' : '✗'
    const code = !check.ok && check.reason ? ` [${check.reason}]` : ''
    return `${mark} ${check.title}${code}: ${check.message}`
  })
  return [`Gate to ${target}: ${gate.ok ? 'open' : 'closed'}`, ...lines]
}
