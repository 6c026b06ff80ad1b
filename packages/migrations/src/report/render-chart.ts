import type { Leg } from '../run/types.js'

const MAX_TASKS = 30

/**
 * A Mermaid Gantt chart of how long each migration took, leg by leg, when
 * there is more than one bar to compare; nothing otherwise.
 */
export function renderTimingChart(legs: readonly Leg[]): string[] {
  const bars = legs.reduce((n, leg) => n + leg.steps.length, 0)
  if (bars < 2 || bars > MAX_TASKS) return []
  const lines = [
    '```mermaid',
    'gantt',
    '  title Time per migration (ms)',
    '  dateFormat x',
    '  axisFormat %S.%L s'
  ]
  let at = 0
  for (const leg of legs) {
    lines.push(`  section ${leg.name}`)
    for (const step of leg.steps) {
      const end = at + Math.max(1, Math.round(step.durationMs))
      const label = step.version
        ? `V${step.version} ${step.name}`
        : step.direction
      lines.push(
        `  ${label.replace(/[:#;]/g, ' ').slice(0, 60)} : ${at}, ${end}`
      )
      at = end
    }
  }
  lines.push('```')
  return [lines.join('\n')]
}
