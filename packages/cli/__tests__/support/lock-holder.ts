// A process that takes an environment's run lock the way `rehearse run`
// does (its own cli:<host>:<pid>:<id> run id, a 120-minute lease, inside
// the user's own hold if there is one), prints
// `locked <runId>` and waits to be killed:
//   lock-holder.ts <locks.json> <environment>
import { setTimeout as sleep } from 'node:timers/promises'
import { createFileLocks } from '../../src/locks/file-locks.js'
import { localIdentity } from '../../src/locks/run-lock.js'

const [path = '', environment = ''] = process.argv.slice(2)
const identity = localIdentity()
const attempt = await createFileLocks(path).acquire(environment, {
  owner: identity.owner,
  reason: 'lock-holder test process',
  runId: identity.runId,
  kind: 'run',
  leaseMinutes: 120,
  nest: true
})
if (!attempt.acquired) {
  process.stdout.write(`refused ${attempt.heldBy.runId}\n`)
  process.exit(1)
}
process.stdout.write(`locked ${identity.runId}\n`)
await sleep(10 * 60_000)
