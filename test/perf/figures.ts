// One measured figure of the bench, next to its baseline and the target of
// issue 13, and the markdown table bench/RESULTS.md is written from.

export interface Figure {
  /** What was measured. */
  readonly figure: string
  /** The measured value, with its unit. */
  readonly value: string
  /** The baseline measured in the same run ('—' when there is none). */
  readonly baseline: string
  /** Issue 13's target ('—' when the figure has none). */
  readonly target: string
  /** Whether the target is met; undefined when there is no target. */
  readonly met?: boolean
}

/** What one section of the bench found: its figures and its details. */
export interface Section {
  readonly figures: Figure[]
  readonly details: string[]
}

const verdict = (met: boolean | undefined): string =>
  met === undefined ? '—' : met ? 'met' : '**missed**'

const cell = (text: string): string => text.replaceAll('|', '\\|')

export function figureTable(figures: readonly Figure[]): string[] {
  return [
    '| figure | value | baseline (same run) | target | met? |',
    '| --- | --- | --- | --- | --- |',
    ...figures.map(
      f =>
        `| ${[f.figure, f.value, f.baseline, f.target, verdict(f.met)].map(cell).join(' | ')} |`
    )
  ]
}

export const mib = (bytes: number): string =>
  `${(bytes / 1024 / 1024).toFixed(2)} MiB`
export const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
export const times = (ratio: number): string => `${ratio.toFixed(2)}×`
