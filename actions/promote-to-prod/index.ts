import { run } from '@rehearse/actions/promote-to-prod'

await run()
