import type { GitObjects } from './git-objects.js'
import type { EmulatorState } from './state.js'

const SHA_LIKE = /^[0-9a-f]{4,40}$/i

/** Candidate full names for a short ref, in GitHub's lookup order. */
function candidates(name: string): string[] {
  if (name.startsWith('refs/')) return [name]
  return [`refs/heads/${name}`, `refs/tags/${name}`, `refs/${name}`]
}

/**
 * Resolves a branch, tag or (abbreviated) sha to a commit sha. Branches
 * and tags come from the emulator's refs, which API writes change; shas
 * come from the git repository's object database.
 */
export async function resolveRef(
  state: EmulatorState,
  git: GitObjects,
  name: string
): Promise<string | undefined> {
  for (const full of candidates(name)) {
    const target = state.refs.get(full)
    // Annotated tags point at tag objects: peel to the commit.
    if (target !== undefined) return (await git.resolve(target)) ?? target
  }
  return SHA_LIKE.test(name) ? git.resolve(name) : undefined
}
