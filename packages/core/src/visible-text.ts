// Characters that show as nothing or reorder the text around them: the
// bidirectional controls of "Trojan Source" (U+202A–U+202E, U+2066–U+2069,
// U+200E/F, U+061C), zero-width and other default-ignorable characters
// (U+200B–U+200D, U+2060, U+FEFF, U+00AD, Hangul fillers, tag characters
// U+E0000… that can smuggle ASCII), and the line and paragraph separators.
// Variation selectors are kept: they only pick an emoji's or a glyph's
// presentation and are in every ❤️.
const INVISIBLE =
  /(?![\uFE00-\uFE0F\u{E0100}-\u{E01EF}])[\p{Bidi_Control}\p{Default_Ignorable_Code_Point}\u2028\u2029]/gu

// A zero-width joiner between two pictographs builds one emoji (👩‍💻):
// shown as it is, since it hides nothing there.
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u
// Variation selector 16 or a skin-tone modifier.
const isModifier = (char: string): boolean => {
  const code = char.codePointAt(0) ?? 0
  return code === 0xfe0f || (code >= 0x1f3fb && code <= 0x1f3ff)
}

/**
 * Text from users (comment text, branch names, command arguments, lock
 * reasons) with every invisible or direction-changing character replaced
 * by its code point, e.g. `[U+202E]`, so a reader sees exactly what was
 * written. Everything else is kept as it is; escaping for Markdown or
 * HTML is the caller's job, after this.
 */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (char: string, offset: number) => {
    if (char === '\u200D' && joinsEmoji(text, offset)) return char
    const hex = char.codePointAt(0)?.toString(16).toUpperCase() ?? ''
    return `[U+${hex.padStart(4, '0')}]`
  })
}

function joinsEmoji(text: string, offset: number): boolean {
  const before = [...text.slice(Math.max(0, offset - 4), offset)]
  let previous = before.pop() ?? ''
  if (isModifier(previous)) previous = before.pop() ?? ''
  const next = String.fromCodePoint(text.codePointAt(offset + 1) ?? 0x20)
  return PICTOGRAPH.test(previous) && PICTOGRAPH.test(next)
}
