// Fails when dist/ is not exactly what a fresh build makes: a file changed,
// missing or extra. Under CI it also fails when dist/ differs from the commit.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')

async function listFiles(dir) {
  const entries = await readdir(dir, {
    recursive: true,
    withFileTypes: true
  }).catch(() => [])
  return entries
    .filter(entry => entry.isFile())
    .map(entry => relative(dir, join(entry.parentPath, entry.name)))
    .sort()
}

const fresh = await mkdtemp(join(tmpdir(), 'rehearse-dist-'))
const problems = []
try {
  execFileSync(
    process.execPath,
    [join(root, 'scripts', 'build-dist.js'), fresh],
    {
      stdio: ['ignore', 'ignore', 'inherit']
    }
  )
  const built = await listFiles(fresh)
  const committed = await listFiles(join(root, 'dist'))
  for (const file of built) {
    if (!committed.includes(file)) problems.push(`missing from dist/: ${file}`)
    else if (
      !(await readFile(join(fresh, file))).equals(
        await readFile(join(root, 'dist', file))
      )
    )
      problems.push(`out of date: dist/${file}`)
  }
  for (const file of committed) {
    if (!built.includes(file))
      problems.push(`not made by the build: dist/${file}`)
  }
} finally {
  await rm(fresh, { recursive: true, force: true })
}

if (process.env.CI) {
  const status = execFileSync(
    'git',
    ['status', '--porcelain', '--untracked-files=all', '--', 'dist'],
    {
      cwd: root,
      encoding: 'utf8'
    }
  )
  if (status.trim()) problems.push(`dist/ differs from the commit:\n${status}`)
}

if (problems.length > 0) {
  console.error(
    `check-dist: dist/ is not a fresh build.\n${problems.join('\n')}\nRun "npm run build" and commit dist/.`
  )
  process.exit(1)
}
console.log('check-dist: dist/ equals a fresh build')
