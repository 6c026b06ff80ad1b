import { showInvisible } from '@rehearse/core'

// GitHub refuses comments over 65,536 characters.
const MAX_COMMENT = 65_000

/**
 * Text from users or repositories (branch names, lock reasons, step
 * names) made inert inside a Markdown comment: one line, no HTML, no
 * markup, no mentions, no autolinks, no invisible or direction-changing
 * characters (shown as `[U+202E]`). What is shown is the text itself.
 */
export function inert(text: string, max = 200): string {
  const chars = [...showInvisible(text.replace(CONTROL, ' '))]
  const kept = chars.length > max ? [...chars.slice(0, max - 1), '…'] : chars
  return kept
    .map(
      char => ENTITIES[char] ?? (MARKDOWN.includes(char) ? `\\${char}` : char)
    )
    .join('')
}

/**
 * Text as an inline code span. Backslash escapes mean nothing inside one,
 * so backticks (which would end it) and line breaks are replaced instead.
 */
export function code(text: string, max = 60): string {
  const chars = [
    ...showInvisible(text.replace(CONTROL, ' ')).replace(/`/g, 'ʼ')
  ]
  const kept = chars.length > max ? [...chars.slice(0, max - 1), '…'] : chars
  return `\`${kept.join('')}\``
}

// eslint-disable-next-line no-control-regex -- control characters are what it removes
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '@': '&#64;',
  ':': '&#58;',
  '|': '&#124;'
}
const MARKDOWN = '\\`*_{}[]()#+-.!~='

/** Keeps a comment within GitHub's size limit, cutting between code points. */
export function fitComment(body: string): string {
  if (body.length <= MAX_COMMENT) return body
  let kept = ''
  for (const char of body) {
    if (kept.length + char.length > MAX_COMMENT - 20) break
    kept += char
  }
  return `${kept}\n\n… (truncated)`
}
