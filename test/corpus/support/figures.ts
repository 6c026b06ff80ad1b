import { mkdirSync, readFileSync, renameSync, rmdirSync } from 'node:fs'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { CORPUS_DIR } from './cases.js'
import type { CorpusFile } from './cases.js'

/** reliability/corpus.json: see test/corpus/README.md for its shape. */
export const FIGURES_FILE = join(
  CORPUS_DIR,
  '..',
  '..',
  'reliability',
  'corpus.json'
)

interface EntryFigures {
  runs: number
  passed: number
}
interface CategoryFigures {
  description: string
  cases: number
  passed: number
  failed: string[]
  entryPoints: Record<string, EntryFigures>
}
interface CorpusFigures {
  corpus: string
  cases: number
  passed: number
  failed: number
  categories: Record<string, CategoryFigures>
}

/** Collects one category's results; writes them once every case has run. */
export class Figures {
  private readonly runs = new Map<string, Map<string, boolean>>()

  constructor(private readonly file: CorpusFile) {}

  /** One run of case `id` through `entryPoint`, passed or not. */
  record(id: string, entryPoint: string, passed: boolean): void {
    const byEntry = this.runs.get(id) ?? new Map<string, boolean>()
    byEntry.set(entryPoint, passed && byEntry.get(entryPoint) !== false)
    this.runs.set(id, byEntry)
  }

  /**
   * Merges this category into reliability/corpus.json. Skipped when only
   * some cases ran (a filtered run), so the file always counts them all.
   */
  async write(): Promise<void> {
    const { cases } = this.file
    if (!cases.every(c => this.runs.has(c.id))) return
    const entryPoints: Record<string, EntryFigures> = {}
    const failed: string[] = []
    for (const { id } of cases) {
      const byEntry = this.runs.get(id) ?? new Map<string, boolean>()
      for (const [entry, ok] of byEntry) {
        const figures = (entryPoints[entry] ??= { runs: 0, passed: 0 })
        figures.runs += 1
        if (ok) figures.passed += 1
      }
      if ([...byEntry.values()].includes(false)) failed.push(id)
    }
    const category: CategoryFigures = {
      description: this.file.description,
      cases: cases.length,
      passed: cases.length - failed.length,
      failed,
      entryPoints: sortKeys(entryPoints)
    }
    await merge(this.file.category, category)
  }
}

// Test files may run in parallel workers: one writer at a time.
async function merge(name: string, category: CategoryFigures): Promise<void> {
  const lock = `${FIGURES_FILE}.lock`
  mkdirSync(join(FIGURES_FILE, '..'), { recursive: true })
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lock)
      break
    } catch (error) {
      if (attempt > 200) throw error
      await sleep(50)
    }
  }
  try {
    const figures = read()
    const categories = sortKeys({ ...figures.categories, [name]: category })
    const all = Object.values(categories)
    const cases = all.reduce((sum, c) => sum + c.cases, 0)
    const passed = all.reduce((sum, c) => sum + c.passed, 0)
    const next: CorpusFigures = {
      corpus: 'test/corpus',
      cases,
      passed,
      failed: cases - passed,
      categories
    }
    const tmp = `${FIGURES_FILE}.${process.pid}.tmp`
    writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`)
    renameSync(tmp, FIGURES_FILE)
  } finally {
    rmdirSync(lock)
  }
}

function read(): CorpusFigures {
  try {
    return JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as CorpusFigures
  } catch {
    return {
      corpus: 'test/corpus',
      cases: 0,
      passed: 0,
      failed: 0,
      categories: {}
    }
  }
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => a.localeCompare(b))
  )
}
