import { REASONS } from './reasons.js'

/** Every reason code and what it means, as a Markdown table (README). */
export function renderReasonTable(): string {
  const rows = Object.entries(REASONS).map(
    ([code, meaning]) => `| \`${code}\` | ${meaning} |`
  )
  return ['| reason | meaning |', '| --- | --- |', ...rows].join('\n')
}
