/** What a secret is shown as (the runner shows `***` too). */
export const REDACTED = '***'

/**
 * The secret values of a run: environment values the checks use and the
 * values they capture. Each is registered with the runner's masker (via
 * `mask`) the moment it is known, and removed from every text Rehearse
 * writes itself: summary, outputs, status, report.
 */
export class Redactor {
  private readonly secrets = new Set<string>()

  constructor(private readonly mask: (value: string) => void) {}

  add(value: string): void {
    // The runner masks line by line, so each line of a value is a secret.
    const lines = value.split(/\r?\n/).filter(line => line.trim() !== '')
    const variants = [
      value,
      encodeURIComponent(value),
      JSON.stringify(value).slice(1, -1),
      ...lines
    ]
    for (const variant of variants) {
      if (variant.trim() === '' || this.secrets.has(variant)) continue
      this.secrets.add(variant)
      if (!/[\r\n]/.test(variant)) this.mask(variant)
    }
  }

  redact(text: string): string {
    // Longest first: a secret containing another is replaced whole.
    const ordered = [...this.secrets].sort((a, b) => b.length - a.length)
    let result = text
    for (const secret of ordered) result = result.split(secret).join(REDACTED)
    return result
  }
}
