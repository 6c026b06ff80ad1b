import { existsSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import type { ProjectFacts } from './detect-project.js'
import { planText } from './plan-text.js'
import {
  WORKFLOW_FILES,
  commentWorkflowText,
  pushWorkflowText
} from './workflow-text.js'

/** The plan's path from the repository root (what every command reads). */
export const PLAN_FILE = '.github/rehearse.yml'

/** What the CLI keeps locally: ledger, locks, releases, databases. */
export const IGNORED = '.rehearse/'

/** One file init writes, and what it is for. */
export interface InitFile {
  readonly path: string
  readonly text: string
  readonly purpose: string
}

/** The plan and the two workflows, made from what init found. */
export function initFiles(facts: ProjectFacts): InitFile[] {
  return [
    {
      path: PLAN_FILE,
      text: planText(facts),
      purpose: 'the deployment plan: put your two URLs in it'
    },
    {
      path: WORKFLOW_FILES.push,
      text: pushWorkflowText(facts),
      purpose: 'on push to main: staging, then production through the gate'
    },
    {
      path: WORKFLOW_FILES.comments,
      text: commentWorkflowText(facts),
      purpose: '.deploy and other commands from pull request comments'
    }
  ]
}

/**
 * Refuses, before anything is written, when a file init would write
 * exists and `force` is off: the plan and workflows may hold someone's work.
 */
export function checkOverwrite(
  root: string,
  files: readonly InitFile[],
  force: boolean
): void {
  if (force) return
  const existing = files
    .map(file => file.path)
    .filter(path => existsSync(join(root, path)))
  if (existing.length === 0) return
  throw new ConfigurationError(
    `${existing.join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'}: rehearse init writes nothing over them. Move them aside, or run rehearse init --force to replace them.`,
    { reason: 'init_refused' }
  )
}

/** Writes the files; returns the paths written. */
export async function writeInitFiles(
  root: string,
  files: readonly InitFile[]
): Promise<void> {
  for (const file of files) {
    const path = join(root, file.path)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, file.text)
  }
}

/**
 * Adds `.rehearse/` to the root .gitignore unless a line already ignores
 * it; returns whether it was added.
 */
export async function ignoreLocalState(root: string): Promise<boolean> {
  const path = join(root, '.gitignore')
  const text = existsSync(path) ? readFileSync(path, 'utf8') : ''
  const lines = text.split(/\r?\n/).map(line => line.trim())
  if (lines.some(line => /^\/?\.rehearse\/?(\*\*)?$/.test(line))) return false
  const separator = text === '' || text.endsWith('\n') ? '' : '\n'
  await writeFile(
    path,
    `${text}${separator}# rehearse: the local ledger, locks and databases\n${IGNORED}\n`
  )
  return true
}
