// Files a step names by a relative path with a slash (`./deploy/apply.sh`,
// `k8s/app.yaml`) belong to the plan: their contents enter the fingerprint.
// Only a command position or a `./` prefix makes one required; elsewhere a
// path-like word may be data (`docker pull acme/shop`), so it counts only if
// such a file exists.
const RELATIVE_PATH = /^(?:\.{1,2}\/)?[\w.-]+(?:\/[\w.-]+)+$/

export interface ScriptReference {
  /** Path relative to the repository root, without a leading `./`. */
  readonly path: string
  /** Whether the step cannot work without it (so its absence is an error). */
  readonly required: boolean
}

/** Relative file paths named by a `run` command line, once each. */
export function scriptReferences(run: string): ScriptReference[] {
  const found = new Map<string, boolean>()
  for (const command of run.split(/\n|&&|\|\||;|\|/)) {
    const words = command.split(/[\s()<>'"`]+/).filter(word => word !== '')
    words.forEach((word, index) => {
      if (!RELATIVE_PATH.test(word)) return
      const path = word.replace(/^\.\//, '')
      const required =
        index === 0 || word.startsWith('./') || word.startsWith('../')
      found.set(path, (found.get(path) ?? false) || required)
    })
  }
  return [...found].map(([path, required]) => ({ path, required }))
}
