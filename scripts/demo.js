// `npm run demo`: the rehearse CLI's demo. It runs the committed bundle
// dist/cli/index.js, so a fresh clone needs `npm install` and no build.
// Imported rather than spawned: Ctrl-C then reaches the CLI's own handler,
// which stops the running step and the demo apps before exiting.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const cli = join(root, 'dist', 'cli', 'index.js')

if (existsSync(cli)) {
  process.argv = [process.argv[0], cli, 'demo', ...process.argv.slice(2)]
  await import(pathToFileURL(cli).href)
} else {
  console.error(
    'rehearse demo: dist/cli/index.js is missing. Build it with `npm run build`, then run `npm run demo` again.'
  )
  process.exitCode = 1
}
