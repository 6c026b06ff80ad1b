import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The bench's tiny test action (test/bench/fixtures/tiny-action). */
export const TINY_ACTION = fileURLToPath(
  new URL('../../fixtures/tiny-action', import.meta.url)
)

/**
 * Writes a throwaway action.yml whose scripts are the tiny action's, for
 * variations (post-if, inputs) the fixture itself does not declare.
 */
export async function variantAction(
  runs: Record<string, string>,
  inputs = '  mode:\n    default: normal\n  who:\n    default: bench\n'
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rehearse-variant-'))
  const script = (name: string): string => path.join(TINY_ACTION, name)
  const lines = Object.entries({
    using: 'node24',
    main: script('index.js'),
    post: script('post.js'),
    ...runs
  })
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`)
  const yaml = `name: variant\ninputs:\n${inputs}runs:\n${lines.join('\n')}\n`
  await writeFile(path.join(dir, 'action.yml'), yaml)
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}
