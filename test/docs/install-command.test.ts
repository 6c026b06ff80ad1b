import { afterEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The README's one command to run the CLI from any repository works as
// written: read from the README (with the clone's path put in), run in
// another repository and in a subdirectory of it.

const root = join(import.meta.dirname, '..', '..')
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const dirs: string[] = []

afterEach(() => {
  for (const dir of dirs.splice(0))
    rmSync(dir, { recursive: true, force: true })
})

/**
 * The environment a user's shell has: none of the npm_* variables `npm test`
 * sets for its scripts, and no notice that a newer npm exists.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))
  )
  return { ...env, npm_config_update_notifier: 'false' }
}

function run(
  file: string,
  args: readonly string[],
  cwd: string
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd,
        // npm's own notices (a newer npm exists) are not the CLI's output.
        env: userEnv(),
        timeout: 60_000
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error)
        else
          resolve({
            code: typeof error?.code === 'number' ? error.code : 0,
            stdout,
            stderr
          })
      }
    )
  })
}

/** The README's command line matching `pattern`, as argv with the clone's path. */
function documented(pattern: RegExp): string[] {
  const line = readme.split('\n').find(text => pattern.test(text))
  if (!line) throw new Error(`README.md: no line matches ${pattern}`)
  const command = line
    .replace(/^alias rehearse='|'$/g, '')
    .replace(/\s+#.*$/, '')
  return command
    .trim()
    .split(/\s+/)
    .map(word => word.replace(/^~\/rehearse$/, root))
}

describe('the documented install command', () => {
  it('runs rehearse init in another repository and rehearse from its subdirectories', async () => {
    const clone = readme.match(/^git clone (\S+) (~\/rehearse)\s/m)
    expect(clone?.[2]).toBe('~/rehearse')
    const [npm, ...args] = documented(
      /^npm exec --prefix \S+ -- rehearse init$/
    )
    expect(npm).toBe('npm')
    expect(args).toEqual(['exec', '--prefix', root, '--', 'rehearse', 'init'])

    const app = mkdtempSync(join(tmpdir(), 'rehearse-install-'))
    dirs.push(app)
    expect(app.startsWith(root)).toBe(false)
    await run('git', ['init', '-q', '-b', 'main'], app)
    const init = await run('npm', args, app)
    expect(init.stderr).toBe('')
    expect(init.code).toBe(0)
    expect(init.stdout).toContain('Wrote (in ')
    expect(existsSync(join(app, '.github', 'rehearse.yml'))).toBe(true)
    expect(readFileSync(join(app, '.gitignore'), 'utf8')).toContain(
      '.rehearse/\n'
    )

    // The alias, from a subdirectory: the repository is found from there.
    const [aliasNpm, ...aliasArgs] = documented(/^alias rehearse='npm exec /)
    expect(aliasNpm).toBe('npm')
    mkdirSync(join(app, 'src'))
    const again = await run('npm', [...aliasArgs, 'init'], join(app, 'src'))
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/already exist: .*\[init_refused\]\n$/)
    const version = await run(
      'npm',
      [...aliasArgs, '--version'],
      join(app, 'src')
    )
    expect(version.stdout).toMatch(/^rehearse \d+\.\d+\.\d+\n$/)
  })
})
