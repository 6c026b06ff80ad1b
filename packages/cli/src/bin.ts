#!/usr/bin/env node
// The `rehearse` executable (bundled to dist/cli/index.js).
import { processIo } from './commands/cli-io.js'
import { main } from './main.js'
import { abortOnSignals } from './signals.js'

const { signal, dispose } = abortOnSignals(message =>
  process.stderr.write(`\nrehearse: ${message}\n`)
)
try {
  process.exitCode = await main(process.argv.slice(2), processIo(signal))
} finally {
  dispose()
}
