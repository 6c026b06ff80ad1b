import { readFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { join } from 'node:path'
import type { TestDatabase } from '../migrations/databases.js'
import { delay, json, startServer } from '../smoke/servers.js'
import type { TestServer } from '../smoke/servers.js'

export type SlotName = 'blue' | 'green'

/**
 * How much longer /search takes on a release made slow: well above the
 * plan's min-slowdown-ms (600), which itself stays above the stalls a
 * loaded machine adds to a fast release's samples.
 */
export const SLOW_MS = 1000

/** Where the deploy scripts keep the platform's state (see scripts.ts). */
export interface WorldDir {
  dir: string
}

/**
 * One environment of the platform the deploy scripts drive: real HTTP
 * servers on loopback that serve whatever release the scripts put in
 * place (files under `.world/<environment>/` naming an artifact of
 * `.world/registry/`). The test decides only how a release behaves here.
 */
export interface Site {
  readonly environment: string
  /** The environment's URL: what users reach (blue-green: the router). */
  readonly url: string
  /** blue-green: each slot's own server. */
  readonly slots: Readonly<Record<SlotName, string>>
  /** SHAs whose release crashes here: every request answers 500. */
  readonly crashing: Set<string>
  /** SHAs whose /search is SLOW_MS slower here. */
  readonly slow: Set<string>
  /** blue-green: slots the router fails to reach (502). */
  readonly brokenRoutes: Set<SlotName>
  /** What the environment's URL serves now, asked over HTTP. */
  serving(): Promise<string | undefined>
  close(): Promise<void>
}

interface Release {
  readonly sha: string
  /** The release's own query, run against the environment's database. */
  readonly query: string | undefined
}

const read = async (path: string): Promise<string | undefined> => {
  try {
    return (await readFile(path, 'utf8')).trim()
  } catch {
    return undefined
  }
}

type Behaviour = Pick<Site, 'crashing' | 'slow'> & {
  readonly db: TestDatabase | undefined
}

// The application: healthy unless this environment makes it crash, its
// query fails on the schema, or it is slow here.
async function answer(
  behaviour: Behaviour,
  release: Release | undefined,
  path: string,
  response: ServerResponse
): Promise<void> {
  if (!release)
    return json(response, 503, { ok: false, error: 'no release is running' })
  if (behaviour.crashing.has(release.sha))
    return json(response, 500, { ok: false, error: 'the release crashed' })
  if (path === '/healthz' && release.query && behaviour.db) {
    try {
      await behaviour.db.query(release.query)
    } catch (error) {
      return json(response, 500, { ok: false, error: (error as Error).message })
    }
  }
  if (path === '/search' && behaviour.slow.has(release.sha))
    await delay(SLOW_MS)
  json(response, 200, { ok: true, sha: release.sha })
}

/**
 * Starts the servers of one environment. `rollout` is one server serving
 * the running release and, with canary traffic, the canary beside it;
 * `blue-green` is a server per slot and the router that is the
 * environment's URL, forwarding to the live slot.
 */
export async function startSite(
  world: WorldDir,
  environment: string,
  kind: 'rollout' | 'blue-green',
  db?: TestDatabase
): Promise<Site> {
  const state = (name: string) =>
    read(join(world.dir, '.world', environment, name))
  const release = async (pointer: string): Promise<Release | undefined> => {
    const image = await state(pointer)
    const sha = image && (await read(join(world.dir, image, 'SHA')))
    if (!image || !sha) return undefined
    return { sha, query: await read(join(world.dir, image, 'query.sql')) }
  }
  const behaviour = { crashing: new Set<string>(), slow: new Set<string>(), db }
  const brokenRoutes = new Set<SlotName>()
  const servers: TestServer[] = []
  const serve = async (
    pick: (path: string) => Promise<Release | undefined>
  ): Promise<TestServer> => {
    const server = await startServer(async (request, response) => {
      const path = request.url ?? '/'
      await answer(behaviour, await pick(path), path, response)
    })
    servers.push(server)
    return server
  }
  let url: string
  const slots = { blue: '', green: '' }
  if (kind === 'rollout') {
    url = (await serve(rolloutPicker(state, release))).url
  } else {
    slots.blue = (await serve(() => release('blue'))).url
    slots.green = (await serve(() => release('green'))).url
    const router = await startServer(async (request, response) => {
      const live = (await state('live')) as SlotName | undefined
      if (!live)
        return json(response, 503, { ok: false, error: 'no live slot' })
      if (brokenRoutes.has(live))
        return json(response, 502, { ok: false, error: `no route to ${live}` })
      const upstream = await fetch(`${slots[live]}${request.url ?? '/'}`)
      response.writeHead(upstream.status, {
        'content-type': 'application/json'
      })
      response.end(await upstream.text())
    })
    servers.push(router)
    url = router.url
  }
  return {
    environment,
    url,
    slots,
    crashing: behaviour.crashing,
    slow: behaviour.slow,
    brokenRoutes,
    serving: async () => {
      const response = await fetch(`${url}/healthz`)
      const body = (await response.json()) as { sha?: string }
      return body.sha
    },
    close: async () => {
      await Promise.all(servers.map(server => server.close()))
    }
  }
}

// The running release, and the canary beside it getting its share of each
// path's requests spread evenly: at 10 %, exactly every 10th request.
function rolloutPicker(
  state: (name: string) => Promise<string | undefined>,
  release: (pointer: string) => Promise<Release | undefined>
) {
  const counters = new Map<string, number>()
  return async (path: string): Promise<Release | undefined> => {
    const running = await release('running')
    const canary = await release('canary')
    const percent = Number((await state('traffic')) ?? 0)
    const n = counters.get(path) ?? 0
    counters.set(path, n + 1)
    if (!canary) return running
    if (!running) return canary
    const share = (k: number) => Math.floor((k * percent) / 100)
    return share(n + 1) > share(n) ? canary : running
  }
}
