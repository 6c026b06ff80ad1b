import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatDuration } from '@rehearse/engine'
import type { CliIo } from '../commands/cli-io.js'
import { shortSha } from '../commands/print-outcome.js'
import {
  commitAll,
  createDemoRepository,
  findDemoApp,
  writeBrokenApi,
  writeBrokenMigration
} from './demo-repo.js'
import { assertPortsFree, probeHealth, stopDemoApps } from './demo-processes.js'

/** Runs one `rehearse` command line; the CLI's own entry point. */
export type RunCli = (argv: readonly string[], io: CliIo) => Promise<number>

// Must match the demo app's .github/rehearse.yml.
const PORTS = [4301, 4302]
const PRODUCTION_URL = 'http://127.0.0.1:4302'

/**
 * `rehearse demo`: the whole pipeline on the demo app in a temporary git
 * repository, through the same commands a user types. Release 1 is
 * rehearsed on staging and promoted; release 2's migration and release 3's
 * API fail their rehearsals, and the gate refuses both. Always stops the apps it started and removes the
 * repository, also after Ctrl-C. Exit 0 when everything went as scripted.
 */
export async function demoCommand(io: CliIo, cli: RunCli): Promise<number> {
  const source = findDemoApp()
  await assertPortsFree(PORTS)
  const started = Date.now()
  const dir = await mkdtemp(join(tmpdir(), 'rehearse-demo-'))
  io.stdout(
    `Rehearse demo: staging rehearses each release, production follows only through the gate.\n` +
      `Demo app copied from ${source}\ninto a throwaway git repository ${dir}\n`
  )
  try {
    const ok = await playScenario(dir, source, io, cli)
    io.stdout(
      ok
        ? await finale()
        : io.signal?.aborted
          ? '\nThe demo was interrupted.\n'
          : '\nThe demo did not go as scripted: see the output above.\n'
    )
    return ok ? 0 : 1
  } finally {
    const stopped = await stopDemoApps(dir)
    await rm(dir, { recursive: true, force: true })
    io.stdout(
      `\nCleaned up: stopped ${stopped.length} demo app process(es) and removed the repository (${formatDuration(Date.now() - started)} in all).\n`
    )
  }
}

async function playScenario(
  dir: string,
  source: string,
  io: CliIo,
  cli: RunCli
): Promise<boolean> {
  const act = async (
    argv: string[],
    expected: number,
    note?: string
  ): Promise<boolean> => {
    if (io.signal?.aborted) return false
    io.stdout(`\n$ rehearse ${argv.join(' ')}${note ? `    # ${note}` : ''}\n`)
    // One stream, so a refusal prints in order with the steps before it.
    const code = await cli(argv, { ...io, cwd: dir, stderr: io.stdout })
    if (io.signal?.aborted) return false
    if (code !== expected)
      io.stderr(`(demo: expected exit ${expected}, got ${code})\n`)
    return code === expected
  }
  await createDemoRepository(source, dir)
  const first = await commitAll(dir, 'Release 1.0.0', 0)
  heading(
    io,
    `1. Release 1.0.0 (${shortSha(first)}): rehearse on staging, then promote`
  )
  const released =
    (await act(['run', '--env', 'staging'], 0)) &&
    (await act(['promote', '--from', 'staging', '--to', 'production'], 0)) &&
    (await act(['status'], 0))
  if (!released) return false
  const refused = async (note: string): Promise<boolean> =>
    (await act(['run', '--env', 'staging'], 1, note)) &&
    (await act(
      ['promote', '--from', 'staging', '--to', 'production'],
      1,
      'the gate refuses'
    )) &&
    (await act(['status'], 0))

  const v2 = await writeBrokenMigration(dir)
  const second = await commitAll(dir, `Release ${v2}: remember visitors`, 1)
  heading(io, `2. Release ${v2} (${shortSha(second)}): a migration with a typo`)
  if (!(await refused('the migration fails in staging'))) return false

  const v3 = await writeBrokenApi(dir)
  const third = await commitAll(dir, `Release ${v3}: configurable greeting`, 2)
  heading(
    io,
    `3. Release ${v3} (${shortSha(third)}): the API greets with a variable nobody set`
  )
  return refused('a smoke check fails in staging')
}

function heading(io: CliIo, title: string): void {
  io.stdout(`\n━━ ${title} ${'━'.repeat(Math.max(3, 76 - title.length))}\n`)
}

async function finale(): Promise<string> {
  return (
    `\nProduction still serves the release staging rehearsed: ${await probeHealth(PRODUCTION_URL)}\n` +
    'Neither broken release reached it: their rehearsals failed, so the gate stayed closed.\n'
  )
}
