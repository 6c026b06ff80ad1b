import { showInvisible } from '@rehearse/core'

// Characters that would end a table cell, open a code span, inject HTML, or
// start emphasis, a link or an image. Numeric entities render as the
// character itself in GitHub's Markdown, tables included.
const SPECIAL = /[&<>"'|`[\]\\*_~!#]/g

/**
 * Untrusted text (values from a repo file) made safe for a GitHub-flavoured
 * Markdown table cell: it shows literally, on one line per source line, and
 * can neither break the table nor add markup; invisible and
 * direction-changing characters show as their code points (`[U+202E]`).
 */
export function escapeMarkdownCell(text: string): string {
  return showInvisible(text)
    .replace(SPECIAL, char => `&#${char.charCodeAt(0)};`)
    .replace(/\r\n|\r|\n/g, '<br>')
}
