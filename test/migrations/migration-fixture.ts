import { createHash } from 'node:crypto'
import { startPipeline } from '../actions/pipeline-fixture.js'
import type { Pipeline } from '../actions/pipeline-fixture.js'

export const DIR = 'db/migrations'

/** A plan with staging and production and a tool: sql migrations section. */
export function migrationPlan(extra = ''): string {
  return `version: 1
deploy:
  - run: ./deploy/apply.sh
environments:
  staging: {}
  production:
    requires: [staging]
migrations:
  tool: sql
  dir: ${DIR}
${extra}`
}

/** A pipeline repo whose plan migrates `files` (names under db/migrations). */
export async function startMigrations(
  files: Record<string, string>,
  extra = ''
): Promise<Pipeline> {
  return startPipeline({
    '.github/rehearse.yml': migrationPlan(extra),
    ...inDir(files)
  })
}

export function inDir(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([name, sql]) => [`${DIR}/${name}`, sql])
  )
}

/** What the history table must hold for a file: sha256 of its text. */
export function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex')
}

/** The commit statuses one context went through, in order. */
export function statuses(p: Pipeline, environment = 'staging'): string[] {
  return p.gh.state.commitStatuses
    .filter(s => s.context === `rehearse/${environment}/migrations`)
    .map(s => s.state)
}
