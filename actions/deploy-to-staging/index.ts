import { run } from '@rehearse/actions/deploy-to-staging'

await run()
