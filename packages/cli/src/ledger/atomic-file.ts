import { randomBytes } from 'node:crypto'
import { open, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

const TEMP_SUFFIX = '.tmp'

/**
 * Replaces `path` with `content` so that a reader, or a crash at any moment,
 * sees either the old file or the new one, never a mix: write a temporary
 * file in the same directory, flush it to disk, then rename it over `path`
 * (atomic within one file system).
 */
export async function writeFileAtomic(
  path: string,
  content: string
): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`
  const handle = await open(temp, 'wx', 0o644)
  try {
    await handle.writeFile(content)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await syncDirectory(dirname(path))
}

// Makes the rename itself durable. Not every platform can fsync a directory
// (Windows cannot open one); the data is still consistent without it.
async function syncDirectory(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // best effort
  } finally {
    await handle?.close()
  }
}

/**
 * Deletes temporary files a crashed writer left next to `path`. Call it only
 * while holding the lock that every writer takes: then no live writer owns one.
 */
export async function removeLeftoverTemps(path: string): Promise<number> {
  const prefix = `${basename(path)}.`
  let removed = 0
  for (const name of await readdir(dirname(path))) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue
    await unlink(join(dirname(path), name)).catch(() => undefined)
    removed += 1
  }
  return removed
}
