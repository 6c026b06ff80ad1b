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
import {
  blueGreenChapter,
  canaryChapter,
  ROLLOUT_PORTS,
  USERS_URL
} from './demo-rollouts.js'
import { driftChapter } from './demo-drift.js'
import { createScene } from './demo-scene.js'
import { takeDemoTurn } from './demo-turn.js'
import type { RunCli, Scene } from './demo-scene.js'
import type { Tally } from './demo-users.js'

export type { RunCli } from './demo-scene.js'

// Must match the demo app's .github/rehearse.yml.
const PORTS = [4301, 4302]

/**
 * `rehearse demo`: the whole pipeline on the demo app in a temporary git
 * repository, through the same commands a user types. Release 1 is
 * rehearsed on staging and promoted; release 2's migration and release 3's
 * API fail their rehearsals, and the gate refuses both. Then production
 * gets users: release 4 goes out as a canary and is rolled back at 10 %,
 * release 5 goes out blue-green and fails on the idle slot; a change made
 * by hand in production is found by the drift check. Always stops
 * the apps it started and removes the repository, also after Ctrl-C. Exit
 * 0 when everything went as scripted.
 */
export async function demoCommand(io: CliIo, cli: RunCli): Promise<number> {
  const source = findDemoApp()
  const giveTurnBack = await takeDemoTurn(io.stdout, io.signal)
  try {
    await assertPortsFree([...PORTS, ...ROLLOUT_PORTS])
    return await playDemo(io, cli, source)
  } finally {
    await giveTurnBack()
  }
}

async function playDemo(
  io: CliIo,
  cli: RunCli,
  source: string
): Promise<number> {
  const started = Date.now()
  const dir = await mkdtemp(join(tmpdir(), 'rehearse-demo-'))
  io.stdout(
    `Rehearse demo: staging rehearses each release, production follows only through the gate.\n` +
      `Demo app copied from ${source}\ninto a throwaway git repository ${dir}\n`
  )
  const scene = createScene(dir, io, cli)
  try {
    const ok = await playScenario(scene, source)
    const users = await scene.stopUsers()
    io.stdout(
      ok
        ? await finale(users)
        : io.signal?.aborted
          ? '\nThe demo was interrupted.\n'
          : '\nThe demo did not go as scripted: see the output above.\n'
    )
    return ok ? 0 : 1
  } finally {
    await scene.stopUsers()
    const stopped = await stopDemoApps(dir)
    await rm(dir, { recursive: true, force: true })
    io.stdout(
      `\nCleaned up: stopped ${stopped.length} demo app process(es) and removed the repository (${formatDuration(Date.now() - started)} in all).\n`
    )
  }
}

async function playScenario(scene: Scene, source: string): Promise<boolean> {
  const { dir } = scene
  await createDemoRepository(source, dir)
  const first = await commitAll(dir, 'Release 1.0.0', 0)
  scene.heading(
    `1. Release 1.0.0 (${shortSha(first)}): rehearse on staging, then promote`
  )
  const released =
    (await scene.act(['run', '--env', 'staging'], 0)) &&
    (await scene.act(
      ['promote', '--from', 'staging', '--to', 'production'],
      0
    )) &&
    (await scene.act(['status'], 0))
  if (!released) return false
  const refused = async (note: string): Promise<boolean> =>
    (await scene.act(['run', '--env', 'staging'], 1, note)) &&
    (await scene.act(
      ['promote', '--from', 'staging', '--to', 'production'],
      1,
      'the gate refuses'
    )) &&
    (await scene.act(['status'], 0))

  const v2 = await writeBrokenMigration(dir)
  const second = await commitAll(dir, `Release ${v2}: remember visitors`, 1)
  scene.heading(
    `2. Release ${v2} (${shortSha(second)}): a migration with a typo`
  )
  if (!(await refused('the migration fails; staging goes back to 1.0.0')))
    return false

  const v3 = await writeBrokenApi(dir)
  const third = await commitAll(dir, `Release ${v3}: configurable greeting`, 2)
  scene.heading(
    `3. Release ${v3} (${shortSha(third)}): the API greets with a variable nobody set`
  )
  if (!(await refused('a smoke check fails; staging goes back to 1.0.0')))
    return false
  return (
    (await canaryChapter(scene)) &&
    (await blueGreenChapter(scene)) &&
    driftChapter(scene)
  )
}

async function finale(users: Tally | undefined): Promise<string> {
  const failed = users?.failed
    ? `; the ${users.failed} that failed were ${users.failedFor.join(', ')}'s, during 4.0.0's canary`
    : ''
  return (
    `\nProduction still serves the release staging rehearsed: ${await probeHealth(USERS_URL)}\n` +
    (users
      ? `Its users sent ${users.requests} requests from chapter 4 on${failed}.\n`
      : '') +
    'No broken release stayed there: 2.0.0 and 3.0.0 failed their rehearsals, so the\n' +
    'gate stayed closed; 4.0.0 failed its canary analysis at 10 % and production\n' +
    'rolled back by itself; 5.0.0 failed on the idle slot, so the switch never ran.\n' +
    'And the change made by hand in production was found: it is drift until it is\n' +
    'rehearsed, or declared in parity.allow-differences.\n'
  )
}
