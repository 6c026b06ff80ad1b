/** A production host found in what a non-production run would reach. */
export interface BoundaryViolation {
  /** The non-production environment being run. */
  readonly environment: string
  /**
   * Where: a plan path (`environments.staging.env.API_URL`, `deploy[1].run`)
   * or the `where` of a reach (`database URL (input "database-url")`).
   */
  readonly where: string
  /**
   * The production host as compared: lower-case ASCII (punycode), no
   * trailing dot, IPv4 dotted; on loopback `loopback:<port>` (`loopback`
   * when no port is known). Never a URL, so never a password.
   */
  readonly host: string
  /** Where production names it: `environments.production.url`. */
  readonly productionSource: string
}

/**
 * Something a run will reach that is not in the plan: the database URL it
 * actually uses, a smoke URL given as an input. Checked like the plan's own
 * places; `text` is never printed.
 */
export interface BoundaryReach {
  /** Names it in messages: `database URL (input "database-url")`. */
  readonly where: string
  /** A URL, a host, or any text mentioning hosts. */
  readonly text: string
}
