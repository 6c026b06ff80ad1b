import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A plan whose production has a variable staging lacks (CDN_URL) and a
 * fact read the same way in both: the "database server version" a script
 * reads from FACTS_DIR/<environment>, standing in for `psql … show
 * server_version`, so a test can change what each environment says.
 */
export function driftPlan(declared: readonly string[]): string {
  return `version: 1
artifact: ghcr.io/acme/shop:\${{ sha }}
deploy:
  - name: Build
    run: ./deploy/build.sh
  - name: Apply
    run: ./deploy/apply.sh
    timeout-minutes: 1
facts:
  database-version:
    run: bash facts/database-version.sh
environments:
  staging:
    url: https://staging.example.com
    env: { REPLICAS: "1", LOG_LEVEL: debug }
  production:
    url: https://example.com
    env: { REPLICAS: "6", LOG_LEVEL: debug, CDN_URL: https://cdn.example.com }
    requires: [staging]
parity:
  allow-differences: [${declared.join(', ')}]
`
}

/** The fact's script: progress on one line, the value on the last. */
export const FACT_SCRIPT = `#!/usr/bin/env bash
echo "asking the $REHEARSE_ENVIRONMENT database"
cat "$FACTS_DIR/$REHEARSE_ENVIRONMENT"
`

/** Where each environment's "database" keeps its version. */
export interface FactsDir {
  readonly dir: string
  set(versions: Record<string, string>): void
  remove(): void
}

export function factsDir(): FactsDir {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-facts-'))
  mkdirSync(dir, { recursive: true })
  return {
    dir,
    set: versions => {
      for (const [environment, version] of Object.entries(versions))
        writeFileSync(join(dir, environment), `${version}\n`)
    },
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}
