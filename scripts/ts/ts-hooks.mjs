// Module hooks that let a plain `node` child process run this repository's
// TypeScript sources (tests spawn real processes: concurrent ledger writers,
// the CLI). swc strips the types, as in jest; `./x.js` imports find `x.ts`.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { transform } from '@swc/core'

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context)
  } catch (error) {
    const fromTs = context.parentURL?.endsWith('.ts')
    if (!fromTs || !specifier.endsWith('.js')) throw error
    return nextResolve(specifier.replace(/\.js$/, '.ts'), context)
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) {
    return nextLoad(url, context)
  }
  const source = await readFile(fileURLToPath(url), 'utf8')
  const { code } = await transform(source, {
    filename: fileURLToPath(url),
    jsc: {
      parser: { syntax: 'typescript' },
      target: 'es2022',
      experimental: { keepImportAttributes: true }
    },
    module: { type: 'es6' },
    sourceMaps: 'inline'
  })
  return { format: 'module', source: code, shortCircuit: true }
}
