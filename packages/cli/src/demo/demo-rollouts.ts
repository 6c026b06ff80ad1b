import { shortSha } from '../commands/print-outcome.js'
import { commitAll, writeGreetingByName, writeKnownHosts } from './demo-repo.js'
import type { Scene } from './demo-scene.js'
import { USER_NAMES } from './demo-users.js'
import type { Tally } from './demo-users.js'

// Must match the demo app's .github/rehearse-canary.yml and
// rehearse-blue-green.yml: each environment's load balancer, at first in
// front of the app the plain plan (.github/rehearse.yml) started.
const CANARY = '.github/rehearse-canary.yml'
const BLUE_GREEN = '.github/rehearse-blue-green.yml'
const BALANCERS = [
  ['staging', 'http://localhost:4311', 'http://localhost:4301'],
  ['production', 'http://127.0.0.1:4321', 'http://127.0.0.1:4302']
] as const

/** Where production's users go from chapter 4 on. */
export const USERS_URL = 'http://127.0.0.1:4321'

/** The demo's ports from chapter 4 on: load balancers, blue, green. */
export const ROLLOUT_PORTS = [4311, 4312, 4313, 4321, 4322, 4323]

const PROMOTE = ['promote', '--from', 'staging', '--to', 'production']

/**
 * Chapter 4: the environments get load balancers and production gets
 * users. Release 4 is rolled out as a canary: staging (no users) passes,
 * production's analysis at 10 % sees the users' errors, traffic goes back
 * to 0 % and production records the rollback by itself.
 */
export async function canaryChapter(scene: Scene): Promise<boolean> {
  const v4 = await writeGreetingByName(scene.dir)
  const sha = await commitAll(scene.dir, `Release ${v4}: greet by name`, 3)
  scene.heading(
    `4. Release ${v4} (${shortSha(sha)}): greets visitors by name, as a canary`
  )
  scene.say(
    '\nA canary needs a load balancer in front of each environment, to give the\n' +
      'new release a share of the requests (deploy/balancer.js; infrastructure,\n' +
      'not Rehearse). Each starts with the release its environment serves.\n'
  )
  for (const [environment, url, live] of BALANCERS) {
    if (!(await scene.shell(['./deploy/balancer.sh', environment, url, live])))
      return false
  }
  scene.startUsers(USERS_URL)
  scene.say(
    `\nProduction has users from now on: the demo asks ${USERS_URL}/api/greeting\n` +
      `without pause, for visitors named ${USER_NAMES.join(', ')}. Staging has none.\n`
  )
  const ok =
    (await scene.act(
      ['run', '--env', 'staging', '--config', CANARY],
      0,
      '10 → 50 → 100 %: no errors in staging'
    )) &&
    (await scene.act(
      [...PROMOTE, '--config', CANARY],
      1,
      'users named émile meet 4.0.0 at 10 %'
    )) &&
    (await scene.act(['status'], 0))
  reportUsers(scene, '4.0.0 capitalizes names with /^([a-z])(.*)$/: no é')
  return ok
}

/**
 * Chapter 5: release 5 goes out blue-green. Its API answers only requests
 * addressed to localhost: staging's idle slot passes; production's fails
 * its smoke test, so the switch never runs and users stay where they were.
 */
export async function blueGreenChapter(scene: Scene): Promise<boolean> {
  const v5 = await writeKnownHosts(scene.dir)
  const sha = await commitAll(scene.dir, `Release ${v5}: known hosts`, 4)
  scene.heading(
    `5. Release ${v5} (${shortSha(sha)}): an API that knows only localhost, blue-green`
  )
  scene.say(
    '\nThe blue-green plan starts the release on the slot users are not on (the\n' +
      'first release on blue), smoke-tests it there, and only then switches.\n'
  )
  const ok =
    (await scene.act(
      ['run', '--env', 'staging', '--config', BLUE_GREEN],
      0,
      'tested on the idle slot, then switched'
    )) &&
    (await scene.act(
      [...PROMOTE, '--config', BLUE_GREEN],
      1,
      'production is 127.0.0.1: the idle slot fails'
    )) &&
    (await scene.act(['status'], 0))
  // The point of the chapter: users noticed nothing.
  return ok && reportUsers(scene, '')?.failed === 0
}

function reportUsers(scene: Scene, why: string): Tally | undefined {
  const tally = scene.usersSinceLast()
  if (!tally) return undefined
  const whose =
    tally.failed === 0 ? '' : ` (${tally.failedFor.join(', ')}): ${why}`
  scene.say(
    `\nProduction's users during this chapter: ${tally.requests} requests, ${tally.failed} failed${whose}.\n`
  )
  return tally
}
