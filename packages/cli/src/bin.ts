#!/usr/bin/env node
// The `rehearse` executable (bundled to dist/cli/index.js).
import { processIo, processStreams } from './commands/cli-io.js'
import { main } from './main.js'
import { abortOnSignals } from './signals.js'

// Before anything writes: a reader that goes away must not crash the run.
const streams = processStreams()
const { signal, dispose } = abortOnSignals(message =>
  streams.stderr(`\nrehearse: ${message}\n`)
)
try {
  process.exitCode = await main(
    process.argv.slice(2),
    processIo(signal, streams)
  )
} finally {
  dispose()
}
