import { execFileSync } from 'node:child_process'

/** What the tests need of the emulator: its refs and its git repository. */
interface LockRefSource {
  readonly gitDir: string
  readonly state: { readonly refs: ReadonlyMap<string, string> }
}

const PREFIX = 'refs/heads/rehearse-lock/'

/**
 * Lock branches that hold a lock. A branch whose commit says the lock was
 * released is a free lock (Rehearse never deletes lock branches: GitHub has
 * no conditional delete), so it does not count.
 */
export function heldLockRefs(gh: LockRefSource): string[] {
  return [...gh.state.refs]
    .filter(([ref]) => ref.startsWith(PREFIX))
    .filter(([, sha]) => !isReleased(gh.gitDir, sha))
    .map(([ref]) => ref)
}

/** The held lock branch of an environment, or undefined when it is free. */
export function heldLockRef(
  gh: LockRefSource,
  branch: string
): string | undefined {
  const sha = gh.state.refs.get(`refs/heads/${branch}`)
  return sha && !isReleased(gh.gitDir, sha) ? sha : undefined
}

function isReleased(gitDir: string, sha: string): boolean {
  const subject = execFileSync('git', ['log', '-1', '--format=%s', sha], {
    cwd: gitDir,
    encoding: 'utf8'
  })
  return / lock released$/.test(subject.trim())
}
