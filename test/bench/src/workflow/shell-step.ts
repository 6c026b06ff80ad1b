import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

// The runner's shells on Linux: no `shell:` means `bash -e {0}`.
const SHELLS: Record<string, readonly string[]> = {
  '': ['bash', '-e'],
  bash: ['bash', '--noprofile', '--norc', '-eo', 'pipefail'],
  sh: ['sh', '-e']
}

/**
 * Turns a `run:` step into a one-off JavaScript action whose main runs the
 * script with the step's shell, so the runner driver gives it what it
 * gives an action: the environment, the command files (GITHUB_OUTPUT,
 * GITHUB_ENV, GITHUB_STEP_SUMMARY, …), workflow commands, masking and
 * the timeout. Returns the action's directory.
 */
export async function shellStepAction(
  dir: string,
  script: string,
  shell: string | undefined
): Promise<string> {
  const command = SHELLS[shell ?? '']
  if (!command) {
    throw new Error(
      `shell "${shell}" is not supported; the bench runs ${Object.keys(SHELLS)
        .filter(Boolean)
        .join(', ')}`
    )
  }
  await mkdir(dir, { recursive: true })
  const scriptFile = path.join(dir, 'script.sh')
  await writeFile(scriptFile, script)
  await writeFile(path.join(dir, 'run.mjs'), shim([...command, scriptFile]))
  await writeFile(
    path.join(dir, 'action.yml'),
    'name: run\nruns:\n  using: node24\n  main: run.mjs\n'
  )
  return dir
}

// Output goes straight to the driver's pipes; signals reach the shell.
function shim(argv: readonly string[]): string {
  return `import { spawn } from 'node:child_process'
const [command, ...args] = ${JSON.stringify(argv)}
const child = spawn(command, args, { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => child.kill(signal))
child.on('error', error => {
  console.error(error.message)
  process.exit(127)
})
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
`
}
