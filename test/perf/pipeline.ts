import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startPipeline } from '../actions/pipeline-fixture.js'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { ms } from './stats.js'

// Runs the action's node under /usr/bin/time to read its peak RSS.
function timedNode(dir: string): { node: string; rssKb: () => number } {
  const out = join(dir, `rss-${process.hrtime.bigint()}`)
  const node = `${out}.sh`
  writeFileSync(
    node,
    `#!/bin/sh\nexec /usr/bin/time -a -f %M -o ${out} ${process.execPath} "$@"\n`
  )
  chmodSync(node, 0o755)
  return {
    node,
    rssKb: () =>
      Math.max(...readFileSync(out, 'utf8').trim().split('\n').map(Number))
  }
}

async function measure(
  p: Pipeline,
  action: string,
  dir: string
): Promise<string> {
  const before = p.gh.requests.length
  const { node, rssKb } = timedNode(dir)
  const env: Record<string, string> = {}
  const started = Date.now()
  const result = await p.run(action, {}, { node, env })
  const wall = Date.now() - started
  const calls = p.gh.requests.slice(before)
  const writes = calls.filter(r => r.method !== 'GET').length
  if (result.main.exitCode !== 0)
    throw new Error(`${action} failed:\n${result.log}`)
  return `| ${action} | ${ms(wall)} | ${calls.length} (${writes} writes) | ${(rssKb() / 1024).toFixed(0)} MiB |`
}

export async function benchPipeline(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-bench-pipe-'))
  const lines = [
    '| action | wall (main + post) | API calls | peak RSS (main or post) |',
    '| --- | --- | --- | --- |'
  ]
  try {
    const p = await startPipeline()
    try {
      lines.push(await measure(p, 'deploy-to-staging', dir))
      lines.push(await measure(p, 'promote-to-prod', dir))
    } finally {
      await p.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return [
    ...lines,
    '',
    'A two-step plan on the emulator (loopback), with the write pacing users get.'
  ]
}
