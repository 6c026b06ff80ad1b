// `npm run bench`: what Rehearse costs, measured (never asserted). Numbers
// come from this machine; compare runs of the same machine only.
import { benchBundles } from './bundles.js'
import { benchMigrations } from './migrations.js'
import { benchPipeline } from './pipeline.js'
import { benchPlan } from './plan.js'
import { benchPrCommand } from './pr-command.js'
import { benchSmoke } from './smoke.js'

const sections = [
  ['Bundle start-up (refusing without a plan)', benchBundles],
  ['Plan loading and fingerprint', benchPlan],
  ['Pipeline on the GitHub emulator', benchPipeline],
  ['pr-command: GitHub API calls of one .deploy', benchPrCommand],
  ['Migrations: 1,000 on PostgreSQL vs psql', benchMigrations],
  ['Smoke test: 100 checks, latency accuracy', benchSmoke]
] as const

for (const [title, bench] of sections) {
  console.log(`\n## ${title}\n`)
  for (const line of await bench()) console.log(line)
}
