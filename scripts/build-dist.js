// Bundles each action into dist/<action>/ with ncc, or into the folder given
// as the first argument (the dist check builds into a temporary copy).
import ncc from '@vercel/ncc'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const out = resolve(process.argv[2] ?? join(root, 'dist'))
const actions = (await readdir(join(root, 'actions'), { withFileTypes: true }))
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name)
  .sort()

await rm(out, { recursive: true, force: true })
for (const action of actions) {
  const started = Date.now()
  const { code, assets } = await ncc(
    join(root, 'actions', action, 'index.ts'),
    {
      license: 'licenses.txt',
      quiet: true,
      // No source maps: they are one long line each, so every rebuild would
      // rewrite megabytes of committed history.
      sourceMap: false,
      cache: false
    }
  )
  const dir = join(out, action)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'index.js'), code)
  for (const [name, asset] of Object.entries(assets)) {
    await mkdir(dirname(join(dir, name)), { recursive: true })
    await writeFile(join(dir, name), asset.source)
  }
  const ms = Date.now() - started
  console.log(
    `dist/${action}: ${code.length} bytes, ${Object.keys(assets).length} assets, ${ms} ms`
  )
}

// The local CLI (`rehearse`, the root package.json "bin"), after the actions:
// one bundle, executable, so a fresh clone runs it without a build step.
{
  const started = Date.now()
  const { code, assets } = await ncc(
    join(root, 'packages', 'cli', 'src', 'bin.ts'),
    { license: 'licenses.txt', quiet: true, sourceMap: false, cache: false }
  )
  const dir = join(out, 'cli')
  await mkdir(dir, { recursive: true })
  const shebang = code.startsWith('#!') ? '' : '#!/usr/bin/env node\n'
  await writeFile(join(dir, 'index.js'), shebang + code, { mode: 0o755 })
  for (const [name, asset] of Object.entries(assets)) {
    await mkdir(dirname(join(dir, name)), { recursive: true })
    await writeFile(join(dir, name), asset.source)
  }
  const ms = Date.now() - started
  console.log(
    `dist/cli: ${code.length} bytes, ${Object.keys(assets).length} assets, ${ms} ms`
  )
}
