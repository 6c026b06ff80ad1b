import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CORPUS_DIR } from './cases.js'
import type { CorpusCase, CorpusFile } from './cases.js'

/** reliability/corpus.json, read by the script that writes RELIABILITY.md. */
export const FIGURES_FILE = join(
  CORPUS_DIR,
  '..',
  '..',
  'reliability',
  'corpus.json'
)

export interface CorpusFigures {
  readonly generatedAt: string
  readonly total: number
  readonly passed: number
  readonly categories: Record<string, { total: number; passed: number }>
}

/** Writes the figures of a whole run (every category, every case). */
export function writeFigures(
  files: readonly CorpusFile[],
  passed: (key: string) => boolean,
  keyOf: (file: CorpusFile, item: CorpusCase) => string
): CorpusFigures {
  const categories: CorpusFigures['categories'] = {}
  for (const file of [...files].sort((a, b) =>
    a.category.localeCompare(b.category)
  )) {
    categories[file.category] = {
      total: file.cases.length,
      passed: file.cases.filter(item => passed(keyOf(file, item))).length
    }
  }
  const all = Object.values(categories)
  const figures: CorpusFigures = {
    generatedAt: new Date().toISOString(),
    total: all.reduce((sum, c) => sum + c.total, 0),
    passed: all.reduce((sum, c) => sum + c.passed, 0),
    categories
  }
  mkdirSync(join(FIGURES_FILE, '..'), { recursive: true })
  // Whole or not at all: RELIABILITY.md may be generated meanwhile.
  const tmp = `${FIGURES_FILE}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(figures, null, 2)}\n`)
  renameSync(tmp, FIGURES_FILE)
  return figures
}
