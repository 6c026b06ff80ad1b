import { spawnSync } from 'node:child_process'
import {
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findNode24 } from '@rehearse/bench'
import { ms, summarize } from './stats.js'

const root = join(import.meta.dirname, '..', '..')
const RUNS = 7

// A clean environment: this shell's NODE_EXTRA_CA_CERTS alone adds ~75 ms
// to every start (toolchain notes, F29).
function startOnce(
  node: string,
  bundle: string,
  dir: string
): { wall: number; rssKb: number } {
  const out = join(dir, 'out')
  writeFileSync(out, '')
  const timing = join(dir, 'time')
  const started = process.hrtime.bigint()
  spawnSync('/usr/bin/time', ['-f', '%M', '-o', timing, node, bundle], {
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
  const wall = Number(process.hrtime.bigint() - started) / 1e6
  const rssKb = Number(
    spawnSync('cat', [timing], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .pop()
  )
  return { wall, rssKb }
}

export async function benchBundles(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-bench-'))
  const runtimes = [
    ['Node 20', process.execPath],
    ['Node 24', findNode24() ?? '']
  ] as const
  const lines = [
    '| bundle | size | Node 20 start (median / p95) | Node 24 start | peak RSS (Node 24) |',
    '| --- | --- | --- | --- | --- |'
  ]
  try {
    for (const name of readdirSync(join(root, 'dist')).sort()) {
      const bundle = join(root, 'dist', name, 'index.js')
      const cells = [name, `${(statSync(bundle).size / 1024).toFixed(0)} KiB`]
      let rss = 0
      for (const [, node] of runtimes) {
        if (!node) {
          cells.push('n/a')
          continue
        }
        const samples = Array.from({ length: RUNS }, () =>
          startOnce(node, bundle, dir)
        )
        const { median, p95 } = summarize(samples.map(s => s.wall))
        rss = summarize(samples.map(s => s.rssKb)).median
        cells.push(`${ms(median)} / ${ms(p95)}`)
      }
      cells.push(`${(rss / 1024).toFixed(0)} MiB`)
      lines.push(`| ${cells.join(' | ')} |`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return [
    ...lines,
    '',
    `${RUNS} runs each; wall time includes process start and exit.`
  ]
}
