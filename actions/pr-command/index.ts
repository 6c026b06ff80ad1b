import { run } from '@rehearse/actions/pr-command'

await run()
