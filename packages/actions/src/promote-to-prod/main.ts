import { ConfigurationError } from '@rehearse/core'
import { contracts } from '../contract.js'
import { readInputs } from '../read-inputs.js'
import { runAction } from '../run-action.js'

/** Entry of the `promote-to-prod` action (main and post). */
export async function run(): Promise<void> {
  await runAction('promote-to-prod', {
    main: async () => {
      readInputs(contracts['promote-to-prod'])
      throw new ConfigurationError(
        'not implemented yet: this release only checks its inputs'
      )
    }
  })
}
