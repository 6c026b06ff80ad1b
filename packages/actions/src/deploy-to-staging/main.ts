import { ConfigurationError } from '@rehearse/core'
import { contracts } from '../contract.js'
import { readInputs } from '../read-inputs.js'
import { runAction } from '../run-action.js'

/** Entry of the `deploy-to-staging` action (main and post). */
export async function run(): Promise<void> {
  await runAction('deploy-to-staging', {
    main: async () => {
      readInputs(contracts['deploy-to-staging'])
      throw new ConfigurationError(
        'not implemented yet: this release only checks its inputs'
      )
    }
  })
}
