// A separate process writing to one ledger file, for the concurrency tests:
//   ledger-writer.ts <ledger> <writer> <count>   count deployments + stages
//   ledger-writer.ts <ledger> <writer> forever   until killed
import { createFileLedger } from '../../src/ledger/file-ledger.js'
import { payloadFor } from './ledger-fixtures.js'

const [path = '', writer = '', count = ''] = process.argv.slice(2)
const ledger = createFileLedger(path, { lock: { timeoutMs: 60_000 } })
const total = count === 'forever' ? Infinity : Number(count)

for (let i = 0; i < total; i += 1) {
  const sha = `${writer}-${i}`
  const deployment = await ledger.ensureDeployment({
    environment: `env-${i % 3}`,
    sha,
    payload: payloadFor(sha),
    production: false,
    transient: false,
    description: `writer ${writer}`
  })
  await ledger.setStage(sha, {
    environment: `env-${i % 3}`,
    stage: 'deploy',
    state: 'success',
    description: `write ${i} of ${writer}`
  })
  // Every writer also asks for the same shared deployment: one must exist.
  await ledger.ensureDeployment({
    environment: 'shared',
    sha: 'shared-sha',
    payload: payloadFor('shared-sha'),
    production: false,
    transient: false,
    description: `writer ${writer}`
  })
  process.stdout.write(`${deployment.id}\n`)
}
