import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// test/bench/src/workflow → the repository root, four levels up.
const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../..'
)

const OWN_ACTION = /^rehearse\/rehearse\/actions\/([a-z0-9-]+)@[^/\s]+$/

/**
 * Resolves `uses: rehearse/rehearse/actions/<name>@<ref>` to this
 * repository's `actions/<name>` (whatever the ref: the bench runs the
 * bundles in dist/ as they are now); anything else is not on the bench.
 */
export function localActions(
  root: string = REPO_ROOT
): (uses: string) => string | undefined {
  return uses => {
    const name = OWN_ACTION.exec(uses)?.[1]
    if (name === undefined) return undefined
    const dir = path.join(root, 'actions', name)
    return existsSync(path.join(dir, 'action.yml')) ? dir : undefined
  }
}
