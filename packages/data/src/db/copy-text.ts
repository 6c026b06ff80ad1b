// PostgreSQL's COPY text format (the default of COPY TO STDOUT / FROM
// STDIN): one line per row, fields split by tab, \N for NULL, and
// backslash escapes for backslash, tab, newline, carriage return, and the
// rarer \b \f \v, octal and \x hex bytes. Values are otherwise the
// server's own text output, so nothing here knows about types.

const ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v'
}

/** One field as COPY wrote it → its value (null for \N). */
export function decodeField(field: string): string | null {
  if (field === '\\N') return null
  if (!field.includes('\\')) return field
  return field.replace(
    /\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/g,
    (_, octal?: string, hex?: string, other?: string) => {
      if (octal) return String.fromCharCode(parseInt(octal, 8))
      if (hex) return String.fromCharCode(parseInt(hex, 16))
      return ESCAPES[other ?? ''] ?? other ?? ''
    }
  )
}

const SPECIAL = /[\\\t\n\r\b\f\v]/

/** A value → the field COPY FROM reads back as the same value. */
export function encodeField(value: string | null): string {
  if (value === null) return '\\N'
  if (!SPECIAL.test(value)) return value
  return value.replace(/[\\\t\n\r\b\f\v]/g, char => {
    switch (char) {
      case '\\':
        return '\\\\'
      case '\t':
        return '\\t'
      case '\n':
        return '\\n'
      case '\r':
        return '\\r'
      case '\b':
        return '\\b'
      case '\f':
        return '\\f'
      default:
        return '\\v'
    }
  })
}

/** Splits a stream of COPY text into rows, carrying partial lines over. */
export class CopyLineSplitter {
  private rest = ''

  /** The complete rows in `chunk` (after what was left from the last one). */
  push(chunk: string): Array<Array<string | null>> {
    const text = this.rest + chunk
    const lines = text.split('\n')
    this.rest = lines.pop() ?? ''
    return lines.map(line => line.split('\t').map(decodeField))
  }

  /** Whatever was left once the stream ended (nothing, for a whole stream). */
  end(): Array<Array<string | null>> {
    const last = this.rest
    this.rest = ''
    return last === '' ? [] : [last.split('\t').map(decodeField)]
  }
}

/** Rows → COPY text (one chunk). */
export function encodeRows(rows: ReadonlyArray<ReadonlyArray<string | null>>) {
  let out = ''
  for (const row of rows) out += row.map(encodeField).join('\t') + '\n'
  return out
}
