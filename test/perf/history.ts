import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * `count` real commits on `branch` of the repository at `dir`, one after
 * the other on top of the branch's head (each changes history.txt), made
 * by one `git fast-import`: 1,000 of them take well under a second. Past
 * releases whose commits exist, so reads by SHA (check runs, trees) work
 * as they would on GitHub. Returns their SHAs, oldest first.
 */
export function commitHistory(
  dir: string,
  count: number,
  branch: string
): string[] {
  if (count === 0) return []
  const run = (args: string[], input?: string) =>
    spawnSync('git', args, { cwd: dir, input, encoding: 'utf8' })
  const git = (args: string[], input?: string) => {
    const done = run(args, input)
    if (done.status !== 0)
      throw new Error(`git ${args.join(' ')}: ${done.stderr}`)
    return done.stdout.trim()
  }
  // A new branch starts from nothing (rev-parse -q exits 1, printing nothing).
  const parent = run([
    'rev-parse',
    '--verify',
    '-q',
    `refs/heads/${branch}`
  ]).stdout.trim()
  const when = Math.floor(Date.parse('2023-01-01T00:00:00Z') / 1000)
  const stream: string[] = []
  for (let i = 0; i < count; i++) {
    const message = `release ${i + 1} (history)\n`
    const content = `${i + 1}\n`
    stream.push(
      `commit refs/heads/${branch}`,
      `mark :${i + 1}`,
      `committer Rehearse Bench <bench@example.org> ${when + i * 3600} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
      ...(i === 0 && parent ? [`from ${parent}`] : []),
      `M 100644 inline history.txt`,
      `data ${Buffer.byteLength(content)}`,
      content
    )
  }
  const marks = join(tmpdir(), `rehearse-history-${process.pid}-${Date.now()}`)
  git(['fast-import', '--quiet', `--export-marks=${marks}`], stream.join('\n'))
  const byMark = new Map(
    readFileSync(marks, 'utf8')
      .trim()
      .split('\n')
      .map(line => line.split(' ') as [string, string])
  )
  rmSync(marks, { force: true })
  return Array.from({ length: count }, (_, i) => byMark.get(`:${i + 1}`) ?? '')
}
