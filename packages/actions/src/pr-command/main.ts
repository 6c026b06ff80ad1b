import { ConfigurationError } from '@rehearse/core'
import { contracts } from '../contract.js'
import { readInputs } from '../read-inputs.js'
import { runAction } from '../run-action.js'

/** Entry of the `pr-command` action (main and post). */
export async function run(): Promise<void> {
  await runAction('pr-command', {
    main: async () => {
      readInputs(contracts['pr-command'])
      throw new ConfigurationError(
        'not implemented yet: this release only checks its inputs'
      )
    }
  })
}
