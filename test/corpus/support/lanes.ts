import type { Lane } from './bench.js'
import { startLane } from './bench.js'
import type { CorpusFile } from './cases.js'
import { corpusWorkspace } from './workspace.js'

/** Commenters and their permissions on the corpus repository. */
const PEOPLE = { alice: 'write', reader: 'read' } as const

/**
 * Starts `count` identical lanes (a repository and an emulator each), so
 * cases run in parallel without sharing a request log: PR #42 from
 * `feature` is open, alice may deploy, reader may not.
 */
export function startLanes(
  files: readonly CorpusFile[],
  count: number
): Promise<Lane[]> {
  const spec = corpusWorkspace(files)
  return Promise.all(
    Array.from({ length: count }, () =>
      startLane(spec, { collaborators: { ...PEOPLE } }, async (repo, gh) => {
        await repo.branch('feature')
        await repo.checkout('feature')
        const head = await repo.commit({
          files: { 'app.txt': 'v2\n' },
          message: 'feature'
        })
        await repo.checkout('main')
        await gh.syncRefsFromGit()
        gh.seedPull({ number: 42, head: { ref: 'feature', sha: head } })
      })
    )
  )
}

/** Runs `work` over `items`, each lane taking the next item when free. */
export async function onLanes<T>(
  lanes: readonly Lane[],
  items: readonly T[],
  work: (lane: Lane, item: T) => Promise<void>
): Promise<void> {
  let next = 0
  await Promise.all(
    lanes.map(async lane => {
      while (next < items.length) {
        const item = items[next++] as T
        await work(lane, item)
      }
    })
  )
}
