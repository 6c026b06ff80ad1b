import {
  accessSync,
  constants,
  lstatSync,
  readlinkSync,
  realpathSync,
  statSync
} from 'node:fs'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import type { PlanProblem } from './describe-schema-error.js'
import type { PathSegment } from './locate.js'
import { commandWords, scriptReferences } from './script-paths.js'

interface RawStep {
  run: string
}
interface RawPlan {
  deploy: RawStep[]
  rollback?: RawStep[]
  'scale-down'?: RawStep[]
  'scale-up'?: RawStep[]
  teardown?: RawStep[]
  facts?: Record<string, RawStep>
  strategy?: object
  migrations?: { dir?: string }
  smoke?: { tls?: { 'ca-file'?: string } }
}

/** Every command line of the plan, with where it is written. */
export function commandLines(
  plan: RawPlan
): { run: string; path: PathSegment[] }[] {
  const strategy = (plan.strategy ?? {}) as {
    switch?: RawStep[]
    traffic?: RawStep[]
    metric?: { run?: string }
  }
  const lists: [PathSegment[], RawStep[] | undefined][] = [
    [['deploy'], plan.deploy],
    [['rollback'], plan.rollback],
    [['scale-down'], plan['scale-down']],
    [['scale-up'], plan['scale-up']],
    [['teardown'], plan.teardown],
    [['strategy', 'switch'], strategy.switch],
    [['strategy', 'traffic'], strategy.traffic]
  ]
  return [
    ...lists.flatMap(([at, steps]) =>
      (steps ?? []).map((step, index) => ({
        run: step.run,
        path: [...at, index, 'run']
      }))
    ),
    ...(strategy.metric?.run
      ? [{ run: strategy.metric.run, path: ['strategy', 'metric', 'run'] }]
      : []),
    ...Object.entries(plan.facts ?? {}).map(([name, fact]) => ({
      run: fact.run,
      path: ['facts', name, 'run']
    }))
  ]
}

/**
 * Where a path the plan names really is: inside the repository (symlinks
 * resolved), outside it, or missing. Steps, scripts, migrations and CA files
 * belong to the code being deployed; anything outside could differ between
 * the rehearsal and the release without changing the fingerprint.
 */
export function locateInRepository(
  workspace: string,
  path: string
): 'inside' | 'outside' | 'missing' {
  const root = realpathSync(workspace)
  const lexical = resolve(root, path)
  if (!within(root, lexical)) return 'outside'
  let real: string
  try {
    real = realpathSync(lexical)
  } catch {
    return danglingLinkOut(root, lexical) ? 'outside' : 'missing'
  }
  return within(root, real) ? 'inside' : 'outside'
}

// A link whose target is gone still says where it points: out of the
// repository is refused as such, not reported as a missing file.
function danglingLinkOut(root: string, path: string): boolean {
  try {
    if (!lstatSync(path).isSymbolicLink()) return false
    return !within(root, resolve(dirname(path), readlinkSync(path)))
  } catch {
    return false
  }
}

function within(root: string, path: string): boolean {
  const rel = relative(root, path)
  return (
    rel === '' ||
    (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
  )
}

const OUT = 'path_outside_repository' as const
const OUTSIDE =
  'resolves outside the repository; steps may only run files of the repository (paths relative to its root), or tools on PATH by name'

/** Every path problem of the plan's steps, migrations dir and CA file. */
export function checkPaths(plan: RawPlan, workspace: string): PlanProblem[] {
  return [
    ...commandLines(plan).flatMap(({ run, path }) =>
      checkStep(run, path, workspace)
    ),
    ...checkDirectory(plan.migrations?.dir, ['migrations', 'dir'], workspace),
    ...checkFile(
      plan.smoke?.tls?.['ca-file'],
      ['smoke', 'tls', 'ca-file'],
      workspace
    )
  ]
}

function checkStep(
  run: string,
  path: PathSegment[],
  workspace: string
): PlanProblem[] {
  const problems: PlanProblem[] = []
  for (const word of commandWords(run)) {
    if (isAbsolute(word) || word.startsWith('~')) {
      problems.push({
        path,
        reason: OUT,
        message: `"${word}" is run from outside the repository; call a tool on PATH by name, or a script of the repository by its relative path (./deploy/apply.sh)`
      })
    }
  }
  for (const { path: file, required, command } of scriptReferences(run)) {
    const where = locateInRepository(workspace, file)
    if (where === 'outside') {
      problems.push({ path, message: `"${file}" ${OUTSIDE}`, reason: OUT })
    } else if (
      where === 'missing' ||
      !statSync(resolve(workspace, file)).isFile()
    ) {
      if (required)
        problems.push({
          path,
          message: `script "${file}" not found in the repository (paths are relative to its root)`
        })
    } else if (command && !executable(resolve(workspace, file))) {
      problems.push({
        path,
        message: `script "${file}" is not executable: run chmod +x ${file} and commit it (git keeps the mode), or call it as "bash ${file}"`
      })
    }
  }
  return problems
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function checkDirectory(
  dir: string | undefined,
  path: PathSegment[],
  workspace: string
): PlanProblem[] {
  if (dir === undefined) return []
  const where = isAbsolute(dir) ? 'outside' : locateInRepository(workspace, dir)
  if (where === 'outside')
    return [
      {
        path,
        reason: OUT,
        message: `"${dir}" resolves outside the repository; give a folder of the repository, relative to its root`
      }
    ]
  return []
}

function checkFile(
  file: string | undefined,
  path: PathSegment[],
  workspace: string
): PlanProblem[] {
  if (file === undefined) return []
  const where = isAbsolute(file)
    ? 'outside'
    : locateInRepository(workspace, file)
  if (where === 'outside')
    return [
      {
        path,
        reason: OUT,
        message: `"${file}" resolves outside the repository; commit the file to the repository and give its path relative to the root`
      }
    ]
  if (where === 'missing')
    return [
      {
        path,
        message: `"${file}" not found in the repository (paths are relative to its root)`
      }
    ]
  return []
}
