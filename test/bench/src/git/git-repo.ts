import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { git } from './run-git.js'
import type { GitEnv } from './run-git.js'

/** Files to write (string) or delete (null), by path relative to the root. */
export type FileChanges = Record<string, string | null>

/** What {@link GitRepo.commit} records. */
export interface CommitInput {
  files?: FileChanges
  message: string
  /** Author's GitHub login (default rehearse-bench); the email follows. */
  author?: string
}

/** A throwaway repository on disk, driven through the git CLI. */
export interface GitRepo {
  readonly dir: string
  /** Raw git in this repository; returns stdout. */
  git(...args: string[]): Promise<string>
  /** Writes/deletes files, stages everything and commits; returns the sha. */
  commit(input: CommitInput): Promise<string>
  /** Creates a branch at `from` (default HEAD) without switching to it. */
  branch(name: string, from?: string): Promise<void>
  checkout(ref: string): Promise<void>
  /** `git merge --no-ff` of `ref` into the current branch; returns the sha. */
  mergeNoFf(ref: string, message?: string): Promise<string>
  /** `git merge --squash` of `ref` plus a commit; returns the sha. */
  squashMerge(ref: string, message?: string): Promise<string>
  head(): Promise<string>
  /** Full commit sha of any revision. */
  revParse(rev: string): Promise<string>
  /** Tree sha of a commit (or any tree-ish). */
  tree(rev: string): Promise<string>
  currentBranch(): Promise<string>
  /** Deletes the directory if this helper created it. */
  dispose(): Promise<void>
}

/** Options for {@link createGitRepo}. */
export interface CreateGitRepoOptions {
  defaultBranch?: string
}

// Every commit gets the next minute of a fixed clock so shas are
// reproducible across runs and commit order matches date order.
const EPOCH = Date.parse('2024-01-01T00:00:00Z') / 1000
const COMMIT = ['commit', '-q', '--allow-empty', '--no-verify']

function identity(name: string, seconds: number): GitEnv {
  // A noreply address is how GitHub (and the emulator) links a commit to
  // the account `name` without an email lookup.
  const email = `${name}@users.noreply.github.com`
  const date = `${seconds} +0000`
  return {
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: email,
    GIT_COMMITTER_DATE: date
  }
}

async function applyFiles(dir: string, files: FileChanges): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file)
    if (!target.startsWith(dir + path.sep))
      throw new Error(`path escapes the repository: ${file}`)
    if (content === null) {
      await rm(target, { force: true })
    } else {
      await mkdir(path.dirname(target), { recursive: true })
      await writeFile(target, content)
    }
  }
}

class TestRepo implements GitRepo {
  readonly dir: string
  private readonly owned: boolean
  private tick = 0

  constructor(dir: string, owned: boolean) {
    this.dir = dir
    this.owned = owned
  }

  // Every command gets an identity: some that do not commit (merge
  // --squash) still insist on one. Commits advance the clock.
  private run(args: string[], commits = false, author = 'rehearse-bench') {
    if (commits) this.tick += 1
    return git(this.dir, args, identity(author, EPOCH + 60 * this.tick))
  }

  private async rev(rev: string): Promise<string> {
    return (await this.run(['rev-parse', '--verify', rev])).trim()
  }

  git(...args: string[]): Promise<string> {
    return this.run(args)
  }

  async commit({ files = {}, message, author }: CommitInput): Promise<string> {
    await applyFiles(this.dir, files)
    await this.run(['add', '-A'])
    await this.run([...COMMIT, '-m', message], true, author)
    return this.head()
  }

  async branch(name: string, from = 'HEAD'): Promise<void> {
    await this.run(['branch', name, from])
  }

  async checkout(ref: string): Promise<void> {
    await this.run(['checkout', '-q', ref])
  }

  async mergeNoFf(ref: string, message = `Merge ${ref}`): Promise<string> {
    await this.run(
      ['merge', '-q', '--no-ff', '--no-verify', '-m', message, ref],
      true
    )
    return this.head()
  }

  async squashMerge(ref: string, message = `Squash ${ref}`): Promise<string> {
    await this.run(['merge', '-q', '--squash', ref])
    await this.run([...COMMIT, '-m', message], true)
    return this.head()
  }

  head(): Promise<string> {
    return this.rev('HEAD')
  }

  revParse(rev: string): Promise<string> {
    return this.rev(`${rev}^{commit}`)
  }

  tree(rev: string): Promise<string> {
    return this.rev(`${rev}^{tree}`)
  }

  async currentBranch(): Promise<string> {
    return (await this.run(['symbolic-ref', '--short', 'HEAD'])).trim()
  }

  async dispose(): Promise<void> {
    if (this.owned) await rm(this.dir, { recursive: true, force: true })
  }
}

/**
 * Makes a git repository for tests: `git init` on `defaultBranch` (main) in
 * `dir`, or in a fresh temp directory that {@link GitRepo.dispose} removes.
 * Needs no global git config: identity and dates come from the environment.
 */
export async function createGitRepo(
  dir?: string,
  options: CreateGitRepoOptions = {}
): Promise<GitRepo> {
  const root = path.resolve(
    dir ?? (await mkdtemp(path.join(tmpdir(), 'rehearse-git-')))
  )
  await mkdir(root, { recursive: true })
  await git(root, ['init', '-q', '-b', options.defaultBranch ?? 'main'])
  return new TestRepo(root, dir === undefined)
}
