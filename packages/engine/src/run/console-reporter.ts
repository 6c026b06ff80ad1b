import type { Reporter } from '../ports.js'

/**
 * A Reporter for the terminal and for tests: a group prints a `▶ title`
 * header and indents what is reported inside it; warnings and errors are
 * prefixed. Every registered secret is replaced by `***` in everything
 * printed afterwards, titles included.
 */
export function createConsoleReporter(
  write: (text: string) => void = text => void process.stdout.write(text)
): Reporter {
  const secrets: string[] = []
  let depth = 0
  const hide = (text: string): string =>
    secrets.reduce((masked, secret) => masked.split(secret).join('***'), text)
  const print = (text: string): void => {
    const indent = '  '.repeat(depth)
    for (const line of hide(text).split('\n')) write(`${indent}${line}\n`)
  }
  return {
    info: message => print(message),
    warning: message => print(`warning: ${message}`),
    error: message => print(`error: ${message}`),
    group: async (title, body) => {
      print(`▶ ${title}`)
      depth += 1
      try {
        return await body()
      } finally {
        depth -= 1
      }
    },
    mask: value => {
      // Each line of a multi-line secret is masked on its own too, as the
      // Actions runner does: output arrives line by line.
      const parts = [value, ...value.split(/\r?\n/)].map(part => part.trim())
      for (const part of parts) {
        if (part !== '' && !secrets.includes(part)) secrets.push(part)
      }
      // Longest first, so a secret containing another is masked whole.
      secrets.sort((a, b) => b.length - a.length)
    }
  }
}
