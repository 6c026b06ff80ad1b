// `node --import scripts/ts/register-ts.mjs some.ts` runs TypeScript sources
// (test child processes, the benchmark): registers ts-hooks.mjs.
import { register } from 'node:module'

register('./ts-hooks.mjs', import.meta.url)
