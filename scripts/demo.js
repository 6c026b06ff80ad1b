// The demo pipeline (rehearse demo) arrives with step 2 of the roadmap, when
// the engine exists. Until then this says what it will run, and proves the
// bundles start: each action is run once and must refuse cleanly.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
console.log(`Rehearse demo — not yet runnable (step 1 of 8).

When the engine lands it will, with no network and no database server:
  1. deploy the demo app in workflows-examples/ to "staging" (same plan as production),
  2. migrate its embedded PGlite database and smoke-test it,
  3. promote the same build to "production" through the gate,
  4. then try a broken release and show the gate stopping it.

Today each action only checks its inputs. Running the five bundles:`)

const temp = mkdtempSync(join(tmpdir(), 'rehearse-demo-'))
try {
  for (const action of readdirSync(join(root, 'actions')).sort()) {
    const output = join(temp, `${action}.out`)
    writeFileSync(output, '')
    let text = ''
    try {
      text = execFileSync(
        process.execPath,
        [join(root, 'dist', action, 'index.js')],
        {
          env: {
            PATH: process.env.PATH,
            GITHUB_OUTPUT: output,
            GITHUB_STATE: output
          },
          encoding: 'utf8'
        }
      )
    } catch (error) {
      text = String(error.stdout ?? '')
    }
    const line =
      text.split('\n').find(l => l.startsWith('::error::')) ?? text.trim()
    console.log(`  ${action.padEnd(18)} ${line.replace('::error::', '')}`)
  }
} finally {
  rmSync(temp, { recursive: true, force: true })
}
