import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { isReasonCode } from '@rehearse/core'
import type { ReasonCode } from '@rehearse/core'

/** What a refused case must show, and what it may leave behind. */
export interface Expectation {
  /** A substring of the one error line. */
  readonly error?: string
  /** A regular expression the one error line matches. */
  readonly match?: string
  readonly reason: ReasonCode
  /**
   * GitHub writes the design allows for this refusal (operationIds, e.g.
   * reactions/create-for-issue-comment); default none.
   */
  readonly writes?: readonly string[]
}

/** One bad input: its data, where it runs, and what must happen. */
export interface CorpusCase {
  readonly id: string
  /** Why this input is bad, in a few words. */
  readonly why?: string
  readonly expect: Expectation
  /** Entry points beyond the category's default one. */
  readonly through?: readonly string[]
  readonly [field: string]: unknown
}

/** One data file of the corpus: a category and its cases. */
export interface CorpusFile<C extends CorpusCase = CorpusCase> {
  readonly category: string
  readonly description: string
  readonly cases: readonly C[]
  readonly [field: string]: unknown
}

export const CORPUS_DIR = join(import.meta.dirname, '..')

const REPEAT = /<<repeat (\d+) ("(?:[^"\\]|\\.)*")>>/g
const CHAR = /<<char ([0-9a-fA-F]{1,6})>>/g

/**
 * Expands the macros the data files use for what YAML cannot hold
 * readably: `<<repeat N "text">>` (N copies of a JSON string) and
 * `<<char HEX>>` (one code point, e.g. 0 for NUL, 202e for RLO).
 */
export function expand(text: string): string {
  return text
    .replace(REPEAT, (_m, count: string, json: string) =>
      (JSON.parse(json) as string).repeat(Number(count))
    )
    .replace(CHAR, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
}

function expandAll(value: unknown): unknown {
  if (typeof value === 'string') return expand(value)
  if (Array.isArray(value)) return value.map(expandAll)
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [expand(k), expandAll(v)])
    )
  return value
}

/** Reads `cases/<name>.yml`, checks every case's shape, expands macros. */
export function loadCorpus<C extends CorpusCase>(name: string): CorpusFile<C> {
  const path = join(CORPUS_DIR, 'cases', `${name}.yml`)
  const file = parse(readFileSync(path, 'utf8'), {
    maxAliasCount: -1
  }) as CorpusFile<C>
  const ids = new Set<string>()
  for (const item of file.cases) {
    const where = `${path}: case ${JSON.stringify(item.id)}`
    if (!/^[a-z0-9][a-z0-9-]*$/.test(item.id ?? ''))
      throw new Error(`${where}: id must be kebab-case`)
    if (ids.has(item.id)) throw new Error(`${where}: duplicate id`)
    ids.add(item.id)
    if (!item.expect || !isReasonCode(item.expect.reason ?? ''))
      throw new Error(`${where}: expect.reason must be a known reason code`)
    if (item.expect.error === undefined && item.expect.match === undefined)
      throw new Error(`${where}: expect needs error or match`)
  }
  return { ...file, cases: file.cases.map(c => expandAll(c) as C) }
}
