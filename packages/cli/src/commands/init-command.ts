import { findRepositoryRoot } from '../git/repository.js'
import { detectProject } from '../init/detect-project.js'
import {
  IGNORED,
  PLAN_FILE,
  checkOverwrite,
  ignoreLocalState,
  initFiles,
  writeInitFiles
} from '../init/init-files.js'
import { describeFindings } from '../init/plan-text.js'
import type { CliIo } from './cli-io.js'

/** What init does after it wrote the files: commit, rehearse, promote. */
export const NEXT_COMMANDS = [
  'git add .github .gitignore && git commit -m "Deploy with Rehearse"',
  'rehearse run --env staging',
  'rehearse promote'
] as const

/**
 * `rehearse init [--force]`: writes the deployment plan, the push and
 * pull-request-comment workflows and the .gitignore entry for what it
 * finds in the repository, then says what to run next. Existing files
 * are only replaced with --force, and are checked before anything is
 * written.
 */
export async function initCommand(
  options: { readonly force: boolean },
  io: CliIo
): Promise<number> {
  const root = await findRepositoryRoot(io.cwd)
  const facts = detectProject(root)
  const files = initFiles(facts)
  checkOverwrite(root, files, options.force)
  await writeInitFiles(root, files)
  const ignored = await ignoreLocalState(root)
  const width = Math.max(...files.map(file => file.path.length), 10) + 2
  const rows = [
    ...files.map(file => [file.path, file.purpose]),
    ...(ignored
      ? [['.gitignore', `+ ${IGNORED} (the CLI's ledger, locks, databases)`]]
      : [])
  ].map(([path = '', purpose]) => `  ${path.padEnd(width)}${purpose}\n`)
  const migrations = facts.migrations
  const note =
    migrations?.tool === 'unknown'
      ? `Note: ${migrations.dir} was found but left out of the plan: ${migrations.why}.\n`
      : ''
  io.stdout(
    `Found: ${describeFindings(facts)}.\n` +
      `Wrote (in ${root}):\n${rows.join('')}${note}\n` +
      `Next: put your staging and production URLs in ${PLAN_FILE}, then\n` +
      NEXT_COMMANDS.map(command => `  ${command}\n`).join('')
  )
  return 0
}
