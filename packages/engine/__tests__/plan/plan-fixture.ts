import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A throwaway repository with a plan and the files it names. */
export function makeWorkspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-plan-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content, { mode: 0o755 })
  }
  return dir
}

export const PLAN = '.github/rehearse.yml'

export const VALID_PLAN = `version: 1
artifact: ghcr.io/acme/shop:\${{ sha }}
deploy:
  - name: Apply manifests
    run: ./deploy/apply.sh
    timeout-minutes: 10
environments:
  staging:
    url: https://staging.example.com
    env: { REPLICAS: "1" }
  production:
    url: https://example.com
    env: { REPLICAS: "6" }
    requires: [staging]
    soak-minutes: 30
parity:
  allow-differences: [REPLICAS]
`
