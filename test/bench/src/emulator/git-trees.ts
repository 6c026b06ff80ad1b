import { git } from '../git/run-git.js'

/** One entry of `git ls-tree`. */
export interface TreeEntry {
  path: string
  mode: string
  type: 'blob' | 'tree' | 'commit'
  sha: string
  size: number | undefined
}

/** One changed file between two commits. */
export interface FileChange {
  filename: string
  status: 'added' | 'removed' | 'modified' | 'changed'
  sha: string
  additions: number
  deletions: number
}

// git knows the empty tree without storing it: the base of a root commit.
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'

const STATUS: Record<string, FileChange['status']> = {
  A: 'added',
  D: 'removed',
  M: 'modified'
}

/** Entries of a tree; recursive lists subtrees too, like GitHub does. */
export async function listTree(
  dir: string,
  treeSha: string,
  recursive: boolean
): Promise<TreeEntry[]> {
  const depth = recursive ? ['-r', '-t'] : []
  const out = await git(dir, ['ls-tree', '-z', '-l', ...depth, treeSha])
  return out
    .split('\0')
    .filter(Boolean)
    .map(line => {
      const [meta = '', path = ''] = line.split('\t')
      const [mode = '', type = 'blob', sha = '', size = '-'] = meta.split(/ +/)
      return {
        path,
        mode,
        type: type as TreeEntry['type'],
        sha,
        size: size === '-' ? undefined : Number(size)
      }
    })
}

/** Files changed from `base` (a commit, or none for the empty tree). */
export async function diffCommits(
  dir: string,
  base: string | undefined,
  head: string
): Promise<FileChange[]> {
  const range = [base ?? EMPTY_TREE, head]
  const diff = (format: string) =>
    git(dir, ['diff-tree', '-r', '-z', format, '--no-renames', ...range])
  const [raw, numstat] = await Promise.all([diff('--raw'), diff('--numstat')])
  // -z output: raw is "<meta>\0<path>\0" per file, numstat "<+>\t<->\t<path>\0";
  // both list the same files in the same order.
  const rawParts = raw.split('\0').filter(Boolean)
  const counts = numstat.split('\0').filter(Boolean)
  const changes: FileChange[] = []
  for (let i = 0; i + 1 < rawParts.length; i += 2) {
    const [, , , newSha = '', letter = 'M'] = (rawParts[i] ?? '').split(' ')
    const [added = '0', deleted = '0'] = (counts[i / 2] ?? '').split('\t')
    changes.push({
      filename: rawParts[i + 1] ?? '',
      status: STATUS[letter] ?? 'changed',
      sha: newSha,
      additions: Number(added) || 0,
      deletions: Number(deleted) || 0
    })
  }
  return changes
}
