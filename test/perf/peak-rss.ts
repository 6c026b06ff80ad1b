import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Peak RSS of every Node process an action runs, without a wrapper
 * script: a /bin/sh wrapper would drop hyphenated inputs such as
 * INPUT_DATABASE-URL. NODE_OPTIONS preloads a hook that appends the
 * process's own peak RSS (KiB, from getrusage) to a file when it exits.
 */
export interface RssProbe {
  /** Environment for the action's steps. */
  readonly env: Record<string, string>
  /** Peak RSS in bytes of the processes since the last take(), and resets. */
  take(): number
  close(): void
}

export function rssProbe(): RssProbe {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-rss-'))
  const out = join(dir, 'rss')
  const hook = join(dir, 'hook.cjs')
  writeFileSync(
    hook,
    `process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify(out)}, process.resourceUsage().maxRSS + '\\n'))\n`
  )
  writeFileSync(out, '')
  return {
    env: { NODE_OPTIONS: `--require ${hook}` },
    take: () => {
      const kib = readFileSync(out, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(Number)
      writeFileSync(out, '')
      return Math.max(0, ...kib) * 1024
    },
    close: () => rmSync(dir, { recursive: true, force: true })
  }
}
