import { git } from '../git/run-git.js'

/** What an `actions/checkout` step did in the workspace. */
export interface CheckoutOutcome {
  /** The commit checked out (HEAD afterwards). */
  commit: string
  /** False when HEAD already was that commit: nothing was touched. */
  moved: boolean
}

// Inputs that change where or what is checked out; the bench refuses them
// rather than check out something else than the runner would.
const UNSUPPORTED = ['repository', 'path', 'sparse-checkout', 'submodules']

/**
 * `actions/checkout` in the test's repository, which plays the runner's
 * workspace: `ref` (default: the run's SHA) is resolved locally and checked
 * out detached, unless HEAD already is that commit. Unlike the action it
 * neither fetches nor cleans (`clean: true` would delete ignored files
 * such as `.rehearse/`), as on a self-hosted runner with `clean: false`;
 * credentials are never persisted.
 */
export async function checkoutStep(
  workspace: string,
  inputs: Readonly<Record<string, string>>,
  runSha: string
): Promise<CheckoutOutcome> {
  const refused = UNSUPPORTED.filter(name => (inputs[name] ?? '') !== '')
  if (refused.length > 0) {
    throw new Error(
      `actions/checkout: the bench does not support ${refused.join(', ')}`
    )
  }
  const ref = inputs['ref'] || runSha
  const target = (
    await git(workspace, ['rev-parse', '--verify', `${ref}^{commit}`])
  ).trim()
  const head = (await git(workspace, ['rev-parse', 'HEAD'])).trim()
  if (head === target) return { commit: target, moved: false }
  await git(workspace, ['checkout', '-q', '--detach', target])
  return { commit: target, moved: true }
}
