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

/** Sets the demo app's version in package.json; returns it. */
async function setVersion(dir: string, version: string): Promise<string> {
  const manifest = join(dir, 'package.json')
  const pkg = JSON.parse(await readFile(manifest, 'utf8')) as {
    version: string
  }
  pkg.version = version
  await writeFile(manifest, `${JSON.stringify(pkg, null, 2)}\n`)
  return version
}

const V2 = join('db', 'migrations', 'V2__add_visitor.sql')

/**
 * Release 2: a migration with a typo in the table name. It fails in
 * staging's database, inside its transaction, so nothing is half-applied.
 */
export async function writeBrokenMigration(dir: string): Promise<string> {
  await writeFile(
    join(dir, V2),
    '-- Release 2: remember who visited.\nALTER TABLE visit ADD COLUMN visitor text;\n'
  )
  return setVersion(dir, '2.0.0')
}

/**
 * Release 3: the migration is fixed, /healthz is fine, but the API now
 * reads its greeting from a variable no environment sets — the kind of bug
 * only a smoke check of the real endpoint catches.
 */
export async function writeBrokenApi(dir: string): Promise<string> {
  await writeFile(
    join(dir, V2),
    '-- Release 2: remember who visited.\nALTER TABLE visits ADD COLUMN visitor text;\n'
  )
  await writeFile(
    join(dir, 'app', 'greeting.js'),
    `// Release 3: the greeting becomes configurable.
export function greeting(release) {
  return { greeting: process.env.GREETING, version: release.version }
}
`
  )
  return setVersion(dir, '3.0.0')
}

/**
 * Release 4: the greeting fixed, and visitors greeted by name. The name is
 * capitalized with a pattern that knows only a–z: "émile" makes the API
 * fail. Staging's smoke checks send no name; production's users do.
 */
export async function writeGreetingByName(dir: string): Promise<string> {
  await writeFile(
    join(dir, 'app', 'greeting.js'),
    `// Release 4: visitors are greeted by name (/api/greeting?name=ada).
export function greeting(release, url) {
  const name = url.searchParams.get('name')
  const greeting = name ? \`hello, \${capitalized(name)}\` : 'hello'
  return { greeting, version: release.version }
}

function capitalized(name) {
  const [, first, rest] = name.match(/^([a-z])(.*)$/)
  return first.toUpperCase() + rest
}
`
  )
  return setVersion(dir, '4.0.0')
}

/**
 * Release 5: names in any alphabet — and the API now answers only requests
 * addressed to a host it knows, a list written on the developer's machine:
 * localhost. Staging is reached as localhost; production is not.
 */
export async function writeKnownHosts(dir: string): Promise<string> {
  await writeFile(
    join(dir, 'app', 'greeting.js'),
    `// Release 5: names in any alphabet. Against DNS rebinding, the API
// answers only requests addressed to a host it knows.
const KNOWN_HOSTS = ['localhost']

export function greeting(release, url) {
  if (!KNOWN_HOSTS.includes(url.hostname))
    throw new Error(\`unknown host \${url.hostname}\`)
  const name = url.searchParams.get('name')
  const greeting = name ? \`hello, \${capitalized(name)}\` : 'hello'
  return { greeting, version: release.version }
}

function capitalized(name) {
  return name.charAt(0).toUpperCase() + name.slice(1)
}
`
  )
  return setVersion(dir, '5.0.0')
}

function git(
  dir: string,
  args: string[],
  env: Record<string, string> = GIT_ENV
): Promise<string> {
  return gitOutput(dir, args, `demo: git ${args[0]} failed`, env)
}
