// The lexical side of workflow expressions: tokens and literal names.

const TOKEN =
  /\s*(?:('(?:[^']|'')*')|(0x[0-9a-f]+|-?\d*\.?\d+(?:e[-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_-]*)|(==|!=|<=|>=|&&|\|\||[!<>()[\].,*]))/iy

/** One token of an expression. */
export type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'op'; value: string }

/** The value of `true`, `false`, `null`, `NaN`, `Infinity`; else undefined. */
export function literalValue(name: string): unknown {
  const literals: Record<string, unknown> = {
    true: true,
    false: false,
    null: null,
    nan: NaN,
    infinity: Infinity
  }
  return Object.hasOwn(literals, name.toLowerCase())
    ? literals[name.toLowerCase()]
    : undefined
}

/** Splits an expression into tokens; throws on text it cannot read. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex
    const match = TOKEN.exec(text)
    if (!match) {
      if (text.slice(start).trim() === '') break
      throw new Error(
        `expression "${text.trim()}": cannot read "${text.slice(start)}"`
      )
    }
    const [, string, number, name, op] = match
    if (string !== undefined) {
      tokens.push({
        kind: 'string',
        value: string.slice(1, -1).replace(/''/g, "'")
      })
    } else if (number !== undefined) {
      tokens.push({ kind: 'number', value: Number(number) })
    } else if (name !== undefined) {
      tokens.push({ kind: 'name', value: name })
    } else {
      tokens.push({ kind: 'op', value: op ?? '' })
    }
  }
  return tokens
}
