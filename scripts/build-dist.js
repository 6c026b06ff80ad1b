// Bundles each action into dist/<action>/ and the CLI into dist/cli/ with
// ncc. Arguments: an output folder instead of dist/ (the dist check builds
// into a temporary copy), and `--only <name>` to rebuild one bundle in place
// (so parallel work on different actions does not clobber the others).
import ncc from '@vercel/ncc'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { only: { type: 'string', multiple: true } }
})
const out = resolve(positionals[0] ?? join(root, 'dist'))
const actions = (await readdir(join(root, 'actions'), { withFileTypes: true }))
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name)
  .sort()
const entries = [
  ...actions.map(name => [name, join(root, 'actions', name, 'index.ts')]),
  // The local CLI (the root package.json "bin"): executable, so a fresh
  // clone runs it without a build step.
  ['cli', join(root, 'packages', 'cli', 'src', 'bin.ts'), { executable: true }]
].filter(([name]) => !values.only || values.only.includes(name))

if (!values.only) {
  // One process per bundle: ncc type-checks the whole project for each,
  // and one process building them all runs out of heap. Two at a time.
  await rm(out, { recursive: true, force: true })
  const queue = entries.map(([name]) => name)
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) {
      const child = spawn(
        process.execPath,
        [new URL(import.meta.url).pathname, out, '--only', name],
        { stdio: 'inherit' }
      )
      const [code] = await once(child, 'exit')
      if (code !== 0) throw new Error(`building dist/${name} failed`)
    }
  }
  await Promise.all([worker(), worker()])
  process.exit(0)
}
// PGlite's WebAssembly and file-system bundle, the same 15.7 MB in every
// bundle that may open the embedded database: kept once, in dist/pglite/,
// where packages/migrations/src/db/pglite-assets.ts loads them from.
const SHARED = new Set(['pglite.wasm', 'pglite.data', 'initdb.wasm'])

// Two bundles built at once may write the same file: each writes a copy
// of its own and renames it into place, so no reader sees half a file.
async function writeShared(file, source) {
  const shared = join(out, 'pglite')
  await mkdir(shared, { recursive: true })
  const temporary = join(shared, `.${file}.${process.pid}`)
  await writeFile(temporary, source)
  await rename(temporary, join(shared, file))
}

for (const [name, entry, options = {}] of entries) {
  const started = Date.now()
  const { code, assets } = await ncc(entry, {
    license: 'licenses.txt',
    quiet: true,
    // No source maps: they are one long line each, so every rebuild would
    // rewrite megabytes of committed history.
    sourceMap: false,
    cache: false,
    // Smaller bundles start faster and weigh less in every job's download.
    minify: true
  })
  const dir = join(out, name)
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const shebang =
    options.executable && !code.startsWith('#!') ? '#!/usr/bin/env node\n' : ''
  await writeFile(join(dir, 'index.js'), shebang + code, {
    mode: options.executable ? 0o755 : 0o644
  })
  for (const [file, asset] of Object.entries(assets)) {
    if (SHARED.has(file)) {
      await writeShared(file, asset.source)
      continue
    }
    await mkdir(dirname(join(dir, file)), { recursive: true })
    await writeFile(join(dir, file), asset.source)
  }
  console.log(
    `dist/${name}: ${code.length} bytes, ${Object.keys(assets).length} assets, ${Date.now() - started} ms`
  )
}
