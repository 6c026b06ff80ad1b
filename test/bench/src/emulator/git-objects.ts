import { git, tryGit } from '../git/run-git.js'
import { diffCommits, listTree } from './git-trees.js'
import type { FileChange, TreeEntry } from './git-trees.js'

export type { FileChange, TreeEntry } from './git-trees.js'

/** Name, email and UTC date of an author or committer. */
export interface Signature {
  name: string
  email: string
  date: string
}

/** A commit read from the object database. */
export interface CommitInfo {
  sha: string
  tree: string
  parents: string[]
  author: Signature
  committer: Signature
  message: string
}

// Field separator for --format: unit separator never appears in messages.
const FS = '%x1f'
const FORMAT = [
  '%H',
  '%T',
  '%P',
  '%an',
  '%ae',
  '%aI',
  '%cn',
  '%ce',
  '%cI',
  '%B'
].join(FS)
// Revisions reach git as arguments: refuse option-looking or odd ones.
const SAFE_REV = /^[A-Za-z0-9_][A-Za-z0-9._/@{}^~-]*$/

function utc(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function parseCommit(record: string): CommitInfo {
  const [
    sha = '',
    tree = '',
    parents = '',
    an = '',
    ae = '',
    ad = '',
    cn = '',
    ce = '',
    cd = '',
    ...rest
  ] = record.split('\x1f')
  return {
    sha,
    tree,
    parents: parents.split(' ').filter(Boolean),
    author: { name: an, email: ae, date: utc(ad) },
    committer: { name: cn, email: ce, date: utc(cd) },
    message: rest.join('\x1f').replace(/\n$/, '')
  }
}

/** Read-only access to a real repository's commits and trees. */
export class GitObjects {
  readonly dir: string
  private readonly commits = new Map<string, CommitInfo>()
  private readonly types = new Map<string, string>()

  constructor(dir: string) {
    this.dir = dir
  }

  /** Full sha of the commit a revision names, or undefined. */
  async resolve(rev: string): Promise<string | undefined> {
    if (!SAFE_REV.test(rev)) return undefined
    const result = await tryGit(this.dir, [
      'rev-parse',
      '--verify',
      '--quiet',
      `${rev}^{commit}`
    ])
    return result.exitCode === 0 ? result.stdout.trim() : undefined
  }

  /** Full sha of the tree a revision (commit or tree) names, or undefined. */
  async resolveTree(rev: string): Promise<string | undefined> {
    if (!SAFE_REV.test(rev)) return undefined
    const result = await tryGit(this.dir, [
      'rev-parse',
      '--verify',
      '--quiet',
      `${rev}^{tree}`
    ])
    return result.exitCode === 0 ? result.stdout.trim() : undefined
  }

  /** commit, tree, blob or tag for a full sha; undefined if absent. */
  async objectType(sha: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{40}$/.test(sha)) return undefined
    const cached = this.types.get(sha)
    if (cached) return cached
    const result = await tryGit(this.dir, ['cat-file', '-t', sha])
    if (result.exitCode !== 0) return undefined
    const type = result.stdout.trim()
    this.types.set(sha, type)
    return type
  }

  /** Commits by full sha, in the order given (cached: commits never change). */
  async commitsBySha(shas: readonly string[]): Promise<CommitInfo[]> {
    const missing = [...new Set(shas.filter(sha => !this.commits.has(sha)))]
    if (missing.length > 0) {
      const out = await git(this.dir, [
        'log',
        '--no-walk=unsorted',
        '-z',
        `--format=${FORMAT}`,
        ...missing
      ])
      for (const record of out.split('\0').filter(Boolean)) {
        const info = parseCommit(record)
        this.commits.set(info.sha, info)
      }
    }
    return shas.map(sha => {
      const info = this.commits.get(sha)
      if (!info) throw new Error(`commit ${sha} vanished`)
      return info
    })
  }

  /** One commit by revision, or undefined when it does not resolve. */
  async commit(rev: string): Promise<CommitInfo | undefined> {
    const sha = await this.resolve(rev)
    if (!sha) return undefined
    const [info] = await this.commitsBySha([sha])
    return info
  }

  /** Entries of a tree; recursive lists subtrees too, like GitHub does. */
  tree(treeSha: string, recursive: boolean): Promise<TreeEntry[]> {
    return listTree(this.dir, treeSha, recursive)
  }

  /** Files changed from `base` (a commit, or none for the empty tree). */
  diff(base: string | undefined, head: string): Promise<FileChange[]> {
    return diffCommits(this.dir, base, head)
  }

  /** True when `ancestor` is reachable from `descendant`. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const result = await tryGit(this.dir, [
      'merge-base',
      '--is-ancestor',
      ancestor,
      descendant
    ])
    return result.exitCode === 0
  }

  /** Best common ancestor, or undefined for unrelated histories. */
  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const result = await tryGit(this.dir, ['merge-base', a, b])
    return result.exitCode === 0 ? result.stdout.trim() : undefined
  }

  /** Shas reachable from `head` but not from `base`, oldest first. */
  async between(base: string, head: string): Promise<string[]> {
    const out = await git(this.dir, [
      'rev-list',
      '--reverse',
      '--topo-order',
      `${base}..${head}`
    ])
    return out.split('\n').filter(Boolean)
  }

  /** Branches and tags as `refs/...` to the sha they point at. */
  async refs(): Promise<Map<string, string>> {
    const out = await git(this.dir, [
      'for-each-ref',
      '--format=%(refname)%09%(objectname)',
      'refs/heads',
      'refs/tags'
    ])
    const refs = new Map<string, string>()
    for (const line of out.split('\n').filter(Boolean)) {
      const [name = '', sha = ''] = line.split('\t')
      refs.set(name, sha)
    }
    return refs
  }
}
