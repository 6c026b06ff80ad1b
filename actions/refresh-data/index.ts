import { run } from '@rehearse/actions/refresh-data'

await run()
