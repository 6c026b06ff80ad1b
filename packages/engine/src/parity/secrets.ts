/** Names whose values are treated as secrets. */
export const SECRET_NAME =
  /(SECRET|TOKEN|PASSWORD|PASSWD|KEY|CREDENTIAL|PRIVATE|DSN|DATABASE_URL)/i

// `scheme://user:password@host`: a credential inside a URL, whatever its name.
const URL_WITH_USERINFO = /[a-z][a-z0-9+.-]*:\/\/[^\s/?#@]+@/i

/** What a masked value is shown as. */
export const MASK = '•••'

/**
 * Whether a variable name marks its values secret: the default pattern, or
 * the caller's predicate. Either suffices, so a caller can add secret names
 * but never unmask one the default catches.
 */
export function isSecretName(
  name: string,
  secretNames?: (name: string) => boolean
): boolean {
  return SECRET_NAME.test(name) || secretNames?.(name) === true
}

/** Whether any of the values is a URL carrying a user or password. */
export function carriesCredentials(
  values: readonly (string | undefined)[]
): boolean {
  return values.some(
    value => value !== undefined && URL_WITH_USERINFO.test(value)
  )
}
