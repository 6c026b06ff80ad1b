import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { brotliDecompress } from 'node:zlib'
import type { PGliteOptions } from '@electric-sql/pglite'

/** PGlite's files, handed to PGlite.create instead of found beside it. */
export type PgliteAssets = Pick<
  PGliteOptions,
  'pgliteWasmModule' | 'initdbWasmModule' | 'fsBundle'
>
const inflate = promisify(brotliDecompress)
type WasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>

// The project's type libraries leave WebAssembly out; Node has it.
const { compile } = (
  globalThis as unknown as {
    WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> }
  }
).WebAssembly

/**
 * dist/ ships PGlite's WebAssembly and file-system bundle (15.7 MB) once,
 * in dist/pglite/, brotli-compressed (about 4.5 MB), for every bundle that
 * may open the embedded database (run-migrations, deploy-to-staging,
 * promote-to-prod, the CLI), instead of a copy beside each
 * (scripts/build-dist.js puts them there). Inflating them costs about
 * 0.2 s, only on the embedded path. Outside dist/ (tests, tsx) there is no
 * such folder and PGlite finds its own files in node_modules.
 */
export async function sharedPgliteAssets(): Promise<PgliteAssets> {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'pglite')
  if (!existsSync(join(dir, 'pglite.wasm.br'))) return {}
  const [pglite, initdb, data] = await Promise.all(
    ['pglite.wasm', 'initdb.wasm', 'pglite.data'].map(async file =>
      inflate(await readFile(join(dir, `${file}.br`)))
    )
  )
  return {
    pgliteWasmModule: await compile(pglite!),
    initdbWasmModule: await compile(initdb!),
    fsBundle: new Blob([data!])
  }
}
