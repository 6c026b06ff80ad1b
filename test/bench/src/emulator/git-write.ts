import { spawn } from 'node:child_process'

/** A tree entry as `git mktree` takes it. */
export interface NewTreeEntry {
  mode: string
  type: 'blob' | 'tree' | 'commit'
  sha: string
  path: string
}

/** Author or committer of a new commit; `date` is ISO 8601. */
export interface NewSignature {
  name: string
  email: string
  date: string
}

/** What {@link writeCommit} records. */
export interface NewCommit {
  message: string
  tree: string
  parents: readonly string[]
  author: NewSignature
  committer: NewSignature
}

// Like run-git's environment: nothing from the machine or user config may
// change the objects written (hooks, signing, a leaked GIT_DIR).
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_OBJECT_DIRECTORY'])
    delete env[name]
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    LC_ALL: 'C',
    ...extra
  }
}

/** Runs git with `input` on stdin; resolves stdout, rejects on failure. */
function gitWithInput(
  dir: string,
  args: readonly string[],
  input: Buffer | string,
  env: Record<string, string> = {}
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: dir, env: environment(env) })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', reject)
    child.on('close', code => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8').trim())
      else
        reject(
          new Error(
            `git ${args.join(' ')} failed (${code}): ${Buffer.concat(err).toString('utf8').trim()}`
          )
        )
    })
    child.stdin.end(input)
  })
}

/** Writes a blob into the object database; returns its sha. */
export function writeBlob(dir: string, content: Buffer): Promise<string> {
  return gitWithInput(dir, ['hash-object', '-w', '--stdin'], content)
}

/** Writes a tree of exactly these entries (one level); returns its sha. */
export function writeTree(
  dir: string,
  entries: readonly NewTreeEntry[]
): Promise<string> {
  const input = entries
    .map(e => `${e.mode} ${e.type} ${e.sha}\t${e.path}\0`)
    .join('')
  return gitWithInput(dir, ['mktree', '-z', '--missing'], input)
}

// git wants "<seconds> <offset>"; GitHub takes ISO 8601.
function gitDate(iso: string): string {
  const ms = Date.parse(iso)
  return `${Math.floor((Number.isNaN(ms) ? Date.now() : ms) / 1000)} +0000`
}

/** Writes a commit object (no ref moves); returns its sha. */
export function writeCommit(dir: string, commit: NewCommit): Promise<string> {
  const args = ['commit-tree', commit.tree]
  for (const parent of commit.parents) args.push('-p', parent)
  return gitWithInput(dir, [...args, '-F', '-'], commit.message, {
    GIT_AUTHOR_NAME: commit.author.name,
    GIT_AUTHOR_EMAIL: commit.author.email,
    GIT_AUTHOR_DATE: gitDate(commit.author.date),
    GIT_COMMITTER_NAME: commit.committer.name,
    GIT_COMMITTER_EMAIL: commit.committer.email,
    GIT_COMMITTER_DATE: gitDate(commit.committer.date)
  })
}

/** The bytes of a blob, or undefined when the sha names no blob. */
export function readBlob(
  dir: string,
  sha: string
): Promise<Buffer | undefined> {
  return new Promise(resolve => {
    const child = spawn('git', ['cat-file', 'blob', sha], {
      cwd: dir,
      env: environment({})
    })
    const out: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.on('error', () => resolve(undefined))
    child.on('close', code =>
      resolve(code === 0 ? Buffer.concat(out) : undefined)
    )
  })
}
