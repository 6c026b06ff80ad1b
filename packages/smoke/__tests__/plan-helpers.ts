import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { loadPlan } from '@rehearse/engine'
import type { Plan } from '@rehearse/engine'

/** A plan with the given `smoke:` section (YAML, indented by two). */
export function planWithSmoke(
  smoke: string,
  files: Record<string, string> = {}
): { plan: Plan; workspace: string } {
  const workspace = mkdtempSync(join(tmpdir(), 'rehearse-smoke-plan-'))
  const text = `version: 1
deploy:
  - run: echo deploy
environments:
  staging: { url: "http://127.0.0.1:1" }
  production: { url: "http://127.0.0.1:2", requires: [staging] }
smoke:
${smoke}`
  for (const [path, content] of Object.entries({
    '.github/rehearse.yml': text,
    ...files
  })) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true })
    writeFileSync(join(workspace, path), content)
  }
  const plan = loadPlan({
    workspace,
    file: '.github/rehearse.yml',
    environment: 'staging'
  })
  return { plan, workspace }
}
