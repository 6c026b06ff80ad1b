import { existsSync } from 'node:fs'
import { cp, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigurationError } from '@rehearse/core'
import { gitOutput } from '../git/run-git.js'

const DEMO_APP = join('workflows-examples', 'demo-app')

// Fixed identity and dates: every run of the demo makes the same commits,
// whatever the user's git configuration (no signing, no hooks).
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Rehearse Demo',
  GIT_AUTHOR_EMAIL: 'demo@rehearse.invalid',
  GIT_COMMITTER_NAME: 'Rehearse Demo',
  GIT_COMMITTER_EMAIL: 'demo@rehearse.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null'
}

/**
 * The demo app's folder in this repository. Looked up from this module's
 * location (src/demo/ or, bundled, dist/cli/) and from the script run.
 */
export function findDemoApp(): string {
  const starts = [dirname(fileURLToPath(import.meta.url))]
  if (process.argv[1]) starts.push(dirname(resolve(process.argv[1])))
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, DEMO_APP)
      if (existsSync(join(candidate, '.github', 'rehearse.yml')))
        return candidate
      if (dirname(dir) === dir) break
    }
  }
  throw new ConfigurationError(
    `the demo app (${DEMO_APP}) was not found: run the demo from a clone of the Rehearse repository.`
  )
}

/** Copies the demo app into `dir` (without local state) and makes it a git repository on `main`. */
export async function createDemoRepository(
  source: string,
  dir: string
): Promise<void> {
  await cp(source, dir, {
    recursive: true,
    filter: path => !/[/\\](\.rehearse|node_modules)$/.test(path)
  })
  await git(dir, ['init', '-q'])
  // Independent of init.defaultBranch: the gate's default branch is main.
  await git(dir, ['symbolic-ref', 'HEAD', 'refs/heads/main'])
}

/** Stages everything and commits it at a fixed date; returns the full SHA. */
export async function commitAll(
  dir: string,
  message: string,
  minute: number
): Promise<string> {
  const date = `2024-01-01T12:${String(minute).padStart(2, '0')}:00Z`
  const env = { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }
  await git(dir, ['add', '-A'], env)
  await git(
    dir,
    ['commit', '-q', '--no-verify', '--no-gpg-sign', '-m', message],
    env
  )
  return git(dir, ['rev-parse', 'HEAD'])
}

/**
 * Release 2: bumps the version and makes /healthz depend on a cache that no
 * environment configures — the kind of bug a staging rehearsal is for.
 */
export async function writeBrokenRelease(dir: string): Promise<string> {
  const manifest = join(dir, 'package.json')
  const pkg = JSON.parse(await readFile(manifest, 'utf8')) as {
    version: string
  }
  pkg.version = '2.0.0'
  await writeFile(manifest, `${JSON.stringify(pkg, null, 2)}\n`)
  await writeFile(
    join(dir, 'app', 'health.js'),
    `// Release 2: /healthz also reports the new cache.
export function health(release) {
  if (!process.env.CACHE_URL) throw new Error('CACHE_URL is not set')
  return { status: 'ok', version: release.version, cache: process.env.CACHE_URL }
}
`
  )
  return pkg.version
}

function git(
  dir: string,
  args: string[],
  env: Record<string, string> = GIT_ENV
): Promise<string> {
  return gitOutput(dir, args, `demo: git ${args[0]} failed`, env)
}
