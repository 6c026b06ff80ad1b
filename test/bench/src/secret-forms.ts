/**
 * The forms a secret can leak in: as it is, URL-encoded, JSON-escaped, and
 * base64 at each of the three alignments it can have inside a longer
 * encoded text (the encoded characters that depend on the secret alone).
 */
export function secretForms(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1)
  ])
  for (let pad = 0; pad < 3; pad += 1) {
    const encoded = Buffer.from('x'.repeat(pad) + secret).toString('base64')
    // Drop the characters mixed with the padding or with what follows.
    const start = pad === 0 ? 0 : Math.ceil((pad * 4) / 3)
    const whole = Math.floor((pad + Buffer.byteLength(secret)) / 3) * 4
    const inner = encoded.slice(start, whole)
    if (inner.length >= 8) forms.add(inner)
  }
  return [...forms]
}

/** Where in `texts` (name → text) a form of a secret appears. */
export function findSecrets(
  texts: Readonly<Record<string, string>>,
  secrets: readonly string[]
): string[] {
  const found: string[] = []
  for (const secret of secrets) {
    if (secret.trim().length < 6) continue
    for (const form of secretForms(secret)) {
      for (const [name, text] of Object.entries(texts)) {
        if (text.includes(form))
          found.push(
            `${name} holds a secret${form === secret ? '' : ' (encoded)'}`
          )
      }
    }
  }
  return [...new Set(found)]
}
