// Bundles each action into dist/<action>/ and the CLI into dist/cli/ with
// ncc. Arguments: an output folder instead of dist/ (the dist check builds
// into a temporary copy), and `--only <name>` to rebuild one bundle in place
// (so parallel work on different actions does not clobber the others).
import ncc from '@vercel/ncc'
import { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import {
  mkdir,
  readFile,
  readdir,
  rename,
  rm,
  writeFile
} from 'node:fs/promises'
import { brotliCompressSync, constants } from 'node:zlib'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    only: { type: 'string', multiple: true },
    // Set by a full build for its children: dist/ started empty.
    part: { type: 'boolean' }
  }
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
        [new URL(import.meta.url).pathname, out, '--part', '--only', name],
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
// brotli-compressed (15.7 MB become about 4.5), where
// packages/migrations/src/db/pglite-assets.ts loads and inflates them.
const SHARED = new Set(['pglite.wasm', 'pglite.data', 'initdb.wasm'])
// Quality 9 of 11: within 15% of the smallest, and seconds instead of
// minutes per build (the dist check builds everything again).
const BROTLI = {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 9,
    [constants.BROTLI_PARAM_LGWIN]: 24
  }
}

// Two bundles built at once may write the same file: each writes a copy
// of its own and renames it into place, so no reader sees half a file.
async function writeAtomic(folder, file, source) {
  await mkdir(folder, { recursive: true })
  const temporary = join(folder, `.${file}.${process.pid}`)
  await writeFile(temporary, source)
  await rename(temporary, join(folder, file))
}

const writeShared = (file, source) =>
  writeAtomic(
    join(out, 'pglite'),
    `${file}.br`,
    brotliCompressSync(source, BROTLI)
  )

// ncc splits the database drivers into chunks (`<id>.index.js`), the same
// in every bundle that migrates: kept once, in dist/chunks/, and each
// bundle's chunk loader pointed there. A chunk id two bundles fill with
// different code stops the build rather than let one load the other's.
const CHUNK = /^\d+\.index\.js$/
const LOADER = '__nccwpck_require__.u=n=>""+n+".index.js"'
const SHARED_LOADER = '__nccwpck_require__.u=n=>"../chunks/"+n+".index.js"'

async function writeChunk(name, file, source) {
  const chunks = join(out, 'chunks')
  const existing = await readFile(join(chunks, file)).catch(() => undefined)
  if (existing?.equals(Buffer.from(source))) return
  if (existing && values.part)
    throw new Error(
      `dist/${name}/${file} differs from dist/chunks/${file}, which another bundle made: the bundles' chunk ids collide`
    )
  // Rebuilding one bundle (--only) over an older dist/: the other
  // bundles may now be out of date, which the dist check reports.
  if (existing)
    console.warn(`dist/chunks/${file} replaced: rebuild the other bundles too`)
  await writeAtomic(chunks, file, source)
}

function pointLoader(name, code) {
  const at = code.indexOf(LOADER)
  if (at === -1 || code.indexOf(LOADER, at + 1) !== -1)
    throw new Error(
      `dist/${name}: ncc's chunk loader is not the one scripts/build-dist.js knows (${LOADER}); update it`
    )
  return code.replace(LOADER, SHARED_LOADER)
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
  const chunks = Object.keys(assets).filter(file => CHUNK.test(file))
  const loaded = chunks.length > 0 ? pointLoader(name, code) : code
  const shebang =
    options.executable && !loaded.startsWith('#!')
      ? '#!/usr/bin/env node\n'
      : ''
  await writeFile(join(dir, 'index.js'), shebang + loaded, {
    mode: options.executable ? 0o755 : 0o644
  })
  for (const [file, asset] of Object.entries(assets)) {
    if (SHARED.has(file)) {
      await writeShared(file, asset.source)
      continue
    }
    if (CHUNK.test(file)) {
      await writeChunk(name, file, asset.source)
      continue
    }
    await mkdir(dirname(join(dir, file)), { recursive: true })
    await writeFile(join(dir, file), asset.source)
  }
  console.log(
    `dist/${name}: ${code.length} bytes, ${Object.keys(assets).length} assets, ${Date.now() - started} ms`
  )
}
