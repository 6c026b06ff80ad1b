import type { CliIo } from '../commands/cli-io.js'
import { runDemoScript } from './demo-processes.js'
import { startUsers } from './demo-users.js'
import type { Tally, Users } from './demo-users.js'

/** Runs one `rehearse` command line; the CLI's own entry point. */
export type RunCli = (argv: readonly string[], io: CliIo) => Promise<number>

/** How a chapter of the demo runs commands in its repository and talks. */
export interface Scene {
  readonly dir: string
  /** Prints `$ rehearse …`, runs it; true when it exited with `expected`. */
  act(argv: string[], expected: number, note?: string): Promise<boolean>
  /** Prints `$ ./script …`, runs it in the repository; true on exit 0. */
  shell(argv: [string, ...string[]], note?: string): Promise<boolean>
  heading(title: string): void
  say(text: string): void
  /** Production's users start visiting `url`, until the demo ends. */
  startUsers(url: string): void
  /** What they saw since the last call; undefined before they started. */
  usersSinceLast(): Tally | undefined
  /** Stops them (also when the demo fails); the whole tally. */
  stopUsers(): Promise<Tally | undefined>
}

/** The scene of a demo in `dir`, printing to `io`. */
export function createScene(dir: string, io: CliIo, cli: RunCli): Scene {
  let users: Users | undefined
  const aborted = () => io.signal?.aborted === true
  const line = (command: string, note?: string) =>
    io.stdout(`\n$ ${command}${note ? `    # ${note}` : ''}\n`)
  return {
    dir,
    async act(argv, expected, note) {
      if (aborted()) return false
      line(`rehearse ${argv.join(' ')}`, note)
      // One stream, so a refusal prints in order with the steps before it.
      const code = await cli(argv, { ...io, cwd: dir, stderr: io.stdout })
      if (aborted()) return false
      if (code !== expected)
        io.stderr(`(demo: expected exit ${expected}, got ${code})\n`)
      return code === expected
    },
    async shell(argv, note) {
      if (aborted()) return false
      line(argv.join(' '), note)
      const ok = await runDemoScript(dir, argv, io.stdout)
      if (!ok) io.stderr(`(demo: ${argv[0]} failed)\n`)
      return ok && !aborted()
    },
    heading(title) {
      io.stdout(`\n━━ ${title} ${'━'.repeat(Math.max(3, 76 - title.length))}\n`)
    },
    say: text => io.stdout(text),
    startUsers(url) {
      users ??= startUsers(url)
    },
    usersSinceLast: () => users?.sinceLast(),
    stopUsers: async () => users?.stop()
  }
}
