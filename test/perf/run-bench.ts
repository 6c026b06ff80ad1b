// `npm run bench`: what Rehearse costs, measured (never asserted). Numbers
// come from this machine; compare runs of the same machine only.
import { benchBundles } from './bundles.js'
import { benchPipeline } from './pipeline.js'
import { benchPlan } from './plan.js'

const sections = [
  ['Bundle start-up (refusing without a plan)', benchBundles],
  ['Plan loading and fingerprint', benchPlan],
  ['Pipeline on the GitHub emulator', benchPipeline]
] as const

for (const [title, bench] of sections) {
  console.log(`\n## ${title}\n`)
  for (const line of await bench()) console.log(line)
}
