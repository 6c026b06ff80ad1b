import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Lane } from './support/bench.js'
import { CORPUS_DIR, loadCorpus } from './support/cases.js'
import type { CorpusCase, CorpusFile } from './support/cases.js'
import { writeFigures } from './support/figures.js'
import { onLanes, startLanes } from './support/lanes.js'
import { problemsOf } from './support/report.js'
import { expectationOf, runCase, runCaseOnCli } from './support/run-case.js'

// Every bad input of test/corpus/cases/*.yml, each through the real bundle
// (or the CLI) on an emulated GitHub: refused with its one line, nothing
// written. CORPUS_ONLY=<category> runs one file (figures are then kept).
const only = process.env.CORPUS_ONLY
const names = readdirSync(join(CORPUS_DIR, 'cases'))
  .filter(name => name.endsWith('.yml'))
  .map(name => name.replace(/\.yml$/, ''))
  .filter(name => !only || only.split(',').includes(name))
const files = names.map(name => loadCorpus(name))
const LANES = Number(process.env.CORPUS_LANES ?? 4)

const problems = new Map<string, string[]>()
// CORPUS_DUMP=<file>: what every case showed, to write expectations from.
const shown: Record<string, unknown> = {}
const key = (file: CorpusFile, item: CorpusCase) =>
  `${file.category}/${item.id}`

let lanes: Lane[] = []
beforeAll(async () => {
  lanes = await startLanes(files, LANES)
  const all = files.flatMap(file => file.cases.map(item => ({ file, item })))
  await onLanes(lanes, all, async (lane, { file, item }) => {
    const action = typeof file.action === 'string' ? file.action : ''
    try {
      const outcome = await runCase(lane, item, action)
      const expected = expectationOf(item)
      const found = problemsOf(outcome, expected)
      // Other entry points must refuse the same input the same way.
      if (item.through?.includes('cli')) {
        const cli = await runCaseOnCli(lane, item)
        const cliExpected = { ...expected, writes: [] }
        found.push(...problemsOf(cli, cliExpected).map(p => `cli: ${p}`))
      }
      problems.set(key(file, item), found)
      shown[key(file, item)] = {
        errors: outcome.errors,
        reason: outcome.reason,
        writes: outcome.writes,
        problems: problems.get(key(file, item))
      }
    } catch (error) {
      problems.set(key(file, item), [`the case did not run: ${String(error)}`])
    }
  })
}, 600_000)

afterAll(async () => {
  await Promise.all(lanes.map(lane => lane.close()))
  const dump = process.env.CORPUS_DUMP
  if (dump) writeFileSync(dump, JSON.stringify(shown, null, 2))
  // Only `npm run test:corpus` records the figures: a plain test run must
  // not rewrite a committed file (RELIABILITY.md is generated from it).
  if (!only && process.env.CORPUS_FIGURES === '1')
    writeFigures(files, id => problems.get(id)?.length === 0, key)
})

describe.each(files.map(file => [file.category, file] as const))(
  'bad input: %s',
  (_name, file) => {
    it.each(file.cases.map(item => [item.id, item] as const))(
      '%s is refused with one clear line, nothing written',
      (_id, item) => {
        expect(problems.get(key(file, item))).toEqual([])
      }
    )
  }
)
