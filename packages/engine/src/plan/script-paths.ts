// Files a step names by a relative path with a slash (`./deploy/apply.sh`,
// `k8s/app.yaml`) belong to the plan: their contents enter the fingerprint.
// Only a command position or a `./` prefix makes one required; elsewhere a
// path-like word may be data (`docker pull acme/shop`), so it counts only if
// such a file exists.
const RELATIVE_PATH = /^(?:\.{1,2}\/)?[\w.-]+(?:\/[\w.-]+)+$/

// Words that run the word after them: `bash ./x.sh`, `sudo /opt/x`.
const LAUNCHERS = new Set([
  'bash',
  'sh',
  'zsh',
  'exec',
  'sudo',
  'env',
  'nohup',
  'time',
  'source',
  '.',
  'node',
  'python',
  'python3'
])

export interface ScriptReference {
  /** Path relative to the repository root, without a leading `./`. */
  readonly path: string
  /** Whether the step cannot work without it (so its absence is an error). */
  readonly required: boolean
  /** Whether it is run as a program itself (so it must be executable). */
  readonly command: boolean
}

function commandsOf(run: string): string[][] {
  return run
    .split(/\n|&&|\|\||;|\|/)
    .map(command => command.split(/[\s()<>'"`]+/).filter(word => word !== ''))
}

/**
 * The words of a `run` line that name a program to start: the first word
 * of each command, and the word after a launcher (`bash x.sh`).
 */
export function commandWords(run: string): string[] {
  const found: string[] = []
  for (const words of commandsOf(run)) {
    const [first] = words
    if (first === undefined) continue
    found.push(first)
    if (LAUNCHERS.has(first)) {
      const next = words.slice(1).find(word => !word.startsWith('-'))
      if (next !== undefined) found.push(next)
    }
  }
  return found
}

/** Relative file paths named by a `run` command line, once each. */
export function scriptReferences(run: string): ScriptReference[] {
  const found = new Map<string, ScriptReference>()
  for (const words of commandsOf(run)) {
    words.forEach((word, index) => {
      if (!RELATIVE_PATH.test(word)) return
      const path = word.replace(/^\.\//, '')
      const command = index === 0
      const required =
        command || word.startsWith('./') || word.startsWith('../')
      const seen = found.get(path)
      found.set(path, {
        path,
        required: required || (seen?.required ?? false),
        command: command || (seen?.command ?? false)
      })
    })
  }
  return [...found.values()]
}
