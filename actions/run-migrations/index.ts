import { run } from '@rehearse/actions/run-migrations'

await run()
