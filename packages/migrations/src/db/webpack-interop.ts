// Present only inside an ncc (webpack) bundle: the bundle's module loader.
declare const __webpack_require__:
  | (((id: unknown) => unknown) & {
      t: (value: unknown, mode: number) => unknown
    })
  | undefined

let patched = false

/**
 * PGlite's Emscripten code runs `await import('node:module')` and reads
 * `createRequire` from it. In an ncc bundle that import goes through
 * webpack's namespace helper, which copies the properties of objects but
 * not of functions — and `node:module` exports a function — so
 * `createRequire` comes back undefined and PGlite cannot start. This makes
 * the helper copy a function's own properties too. Outside a bundle (tests,
 * tsx) there is nothing to patch.
 */
export function patchBundleInterop(): void {
  if (patched || typeof __webpack_require__ !== 'function') return
  patched = true
  const loader = __webpack_require__
  const original = loader.t
  loader.t = function namespace(value: unknown, mode: number): unknown {
    const resolved = mode & 1 ? loader(value) : value
    if (typeof resolved !== 'function' || !(mode & 2)) {
      return original.call(loader, value, mode)
    }
    const exports: Record<string, unknown> = Object.create(null)
    for (const key of Object.getOwnPropertyNames(resolved)) {
      exports[key] = (resolved as unknown as Record<string, unknown>)[key]
    }
    exports.default = resolved
    return exports
  }
}
