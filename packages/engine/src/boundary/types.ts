/** A production host found in a non-production run's configuration. */
export interface BoundaryViolation {
  /** The non-production environment being run. */
  readonly environment: string
  /** Where in the plan: `environments.staging.env.API_URL`, `deploy[1].run`. */
  readonly where: string
  /** The host as compared: lower case, `host:port` on loopback. */
  readonly host: string
  /** Where production names it: `environments.production.url`. */
  readonly productionSource: string
}
