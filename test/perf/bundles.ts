// Cold start of every bundle in dist/ next to `node -e ''` on Node 24, and
// what dist/ weighs: each bundle's JavaScript, its assets, the whole folder.
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { findNode24 } from '@rehearse/bench'
import type { Figure, Section } from './figures.js'
import { mib, times } from './figures.js'
import { summarize } from './stats.js'

const root = join(import.meta.dirname, '..', '..')
const RUNS = 11
const MiB = 1024 * 1024

// A clean environment: this shell's NODE_EXTRA_CA_CERTS alone adds ~75 ms
// to every start. The bundles start without a plan and refuse with one
// error line, which is the whole of their start-up path.
function startMs(node: string, args: string[], dir: string): number {
  const out = join(dir, 'out')
  writeFileSync(out, '')
  const started = process.hrtime.bigint()
  spawnSync(node, args, {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      GITHUB_OUTPUT: out,
      GITHUB_STATE: out,
      GITHUB_WORKSPACE: dir,
      GITHUB_REPOSITORY: 'acme/widgets',
      INPUT_TOKEN: 'x'
    }
  })
  return Number(process.hrtime.bigint() - started) / 1e6
}

function filesOf(dir: string): { path: string; size: number }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => {
      const path = join(e.parentPath, e.name)
      return { path, size: statSync(path).size }
    })
}

export async function benchBundles(): Promise<Section> {
  const node = findNode24()
  if (!node) throw new Error('Node 24 is missing: run npm run node24')
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-bench-start-'))
  // Bundles are the folders with an index.js (dist/pglite holds PGlite's
  // assets, dist/chunks the code chunks the bundles share).
  const names = readdirSync(join(root, 'dist'))
    .filter(name => existsSync(join(root, 'dist', name, 'index.js')))
    .sort()
  const figures: Figure[] = []
  const details = [
    `Cold start on Node 24, median of ${RUNS} runs each, bundles and \`node -e ''\` interleaved; wall time from spawn to exit.`,
    '',
    "| bundle | index.js (loaded at start) | all JavaScript in its folder | other files | start (median / p95) | ÷ node -e '' |",
    '| --- | --- | --- | --- | --- | --- |'
  ]
  try {
    // Interleaved: a machine busy in one stretch slows both sides alike.
    const bare: number[] = []
    const samples = new Map<string, number[]>(names.map(n => [n, []]))
    for (let run = 0; run < RUNS; run++) {
      bare.push(startMs(node, ['-e', ''], dir))
      for (const name of names)
        samples
          .get(name)!
          .push(startMs(node, [join(root, 'dist', name, 'index.js')], dir))
    }
    const base = summarize(bare).median
    const shared = filesOf(join(root, 'dist', 'chunks')).reduce(
      (sum, f) => sum + f.size,
      0
    )
    for (const name of names) {
      const files = filesOf(join(root, 'dist', name))
      const js = files
        .filter(f => extname(f.path) === '.js')
        .reduce((sum, f) => sum + f.size, 0)
      const start = statSync(join(root, 'dist', name, 'index.js')).size
      const other = files
        .filter(f => extname(f.path) !== '.js')
        .reduce((sum, f) => sum + f.size, 0)
      const { median, p95 } = summarize(samples.get(name)!)
      details.push(
        `| ${name} | ${mib(start)} | ${mib(js)} | ${mib(other)} | ${median.toFixed(0)} / ${p95.toFixed(0)} ms | ${times(median / base)} |`
      )
      figures.push(
        {
          figure: `cold start, ${name}`,
          value: `${median.toFixed(0)} ms`,
          baseline: `node -e '' ${base.toFixed(0)} ms: ${times(median / base)}`,
          target: "≤ 2.5× node -e ''",
          met: median / base <= 2.5
        },
        {
          figure: `bundle size (index.js, what a start loads), ${name}`,
          value: mib(start),
          baseline: `with every shared chunk it may load (dist/chunks) ${mib(js + shared)}`,
          target: '≤ 1 MiB',
          met: start <= MiB
        }
      )
    }
    const all = filesOf(join(root, 'dist'))
    const total = all.reduce((sum, f) => sum + f.size, 0)
    const size = (files: { size: number }[]) =>
      (files.reduce((s, f) => s + f.size, 0) / 1e6).toFixed(1)
    const pglite = filesOf(join(root, 'dist', 'pglite'))
    const chunks = filesOf(join(root, 'dist', 'chunks'))
    details.push(
      '',
      `dist/: ${all.length} files, ${(total / 1e6).toFixed(1)} MB; PGlite assets (dist/pglite, brotli-compressed, inflated when the embedded database opens): ${pglite.length} files, ${size(pglite)} MB; code chunks loaded on demand by the bundles that migrate (dist/chunks, one copy for all): ${chunks.length} files, ${size(chunks)} MB.`
    )
    figures.push({
      figure: 'whole dist/',
      value: `${(total / 1e6).toFixed(1)} MB`,
      baseline: '—',
      target: '≤ 20 MB',
      met: total <= 20e6
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return { figures, details }
}
