import { run } from '@rehearse/actions/smoke-test'

await run()
