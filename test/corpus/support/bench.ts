import { spawn } from 'node:child_process'
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import {
  createGitRepo,
  findNode24,
  runAction,
  startEmulator
} from '@rehearse/bench'
import type {
  Emulator,
  EmulatorOptions,
  GitRepo,
  RunActionOptions,
  RunActionResult
} from '@rehearse/bench'
import { heldLockRefs } from '../../support/index.js'
import type { Outcome } from './report.js'

export const ROOT = join(import.meta.dirname, '..', '..', '..')
const CLI = join(ROOT, 'dist', 'cli', 'index.js')

/** The files of a corpus repository: contents, modes, symlinks. */
export interface WorkspaceSpec {
  readonly files: Readonly<Record<string, string>>
  readonly executable?: readonly string[]
  /** path → target, committed as symlinks. */
  readonly symlinks?: Readonly<Record<string, string>>
}

/** A git repository and the emulator serving it, for many cases in turn. */
export interface Lane {
  readonly repo: GitRepo
  readonly gh: Emulator
  readonly sha: string
  /** Runs a bundle (main and post) and says what it showed and wrote. */
  action(name: string, options?: ActionRun): Promise<ActionOutcome>
  /** Runs `node dist/cli/index.js <args>` in the repository. */
  cli(args: readonly string[]): Promise<Outcome>
  close(): Promise<void>
}

export type ActionRun = Partial<
  Pick<RunActionOptions, 'inputs' | 'env' | 'event' | 'github' | 'actionDir'>
>

export interface ActionOutcome extends Outcome {
  readonly result: RunActionResult
}

/** Writes the workspace into a fresh repository and commits it. */
export async function createRepo(spec: WorkspaceSpec): Promise<GitRepo> {
  const repo = await createGitRepo()
  for (const [path, content] of Object.entries(spec.files)) {
    await mkdir(dirname(join(repo.dir, path)), { recursive: true })
    await writeFile(join(repo.dir, path), content)
  }
  for (const path of spec.executable ?? [])
    await chmod(join(repo.dir, path), 0o755)
  for (const [path, target] of Object.entries(spec.symlinks ?? {})) {
    await mkdir(dirname(join(repo.dir, path)), { recursive: true })
    await symlink(target, join(repo.dir, path))
  }
  await repo.commit({ message: 'corpus workspace' })
  return repo
}

/** A lane: the workspace committed, an emulator started on it. */
export async function startLane(
  spec: WorkspaceSpec,
  emulator: Partial<EmulatorOptions> = {},
  prepare?: (repo: GitRepo, gh: Emulator) => Promise<void> | void
): Promise<Lane> {
  const repo = await createRepo(spec)
  const sha = await repo.head()
  const gh = await startEmulator({
    owner: 'acme',
    repo: 'widgets',
    gitDir: repo.dir,
    ...emulator
  })
  await prepare?.(repo, gh)
  const status = () =>
    repo.git('status', '--porcelain', '--ignored', '--untracked-files=all')
  const clean = await status()
  // What a case left: locks it took and files it wrote. Both are then
  // removed, so the next case on the lane starts from the same state.
  const leftovers = async (): Promise<string[]> => {
    const now = await status()
    const locks = heldLockRefs(gh)
    // Released lock branches stay on GitHub; gone here, every case takes
    // a lock the same way (a new branch).
    const refs = gh.state.refs as Map<string, string>
    for (const ref of [...refs.keys()])
      if (ref.startsWith('refs/heads/rehearse-lock/')) refs.delete(ref)
    if (now !== clean) await repo.git('clean', '-fdxq')
    return [
      ...locks.map(ref => `lock ${ref}`),
      ...(now === clean ? [] : [`files: ${now.trim().split('\n').join(', ')}`])
    ]
  }
  return {
    repo,
    gh,
    sha,
    async action(name, run = {}) {
      const before = gh.requests.length
      const result = await runAction({
        actionDir: join(ROOT, 'actions', name),
        timeoutMs: 30_000,
        // The runtime action.yml names (runs.using: node24), when installed.
        node: findNode24(),
        ...run,
        github: { apiUrl: gh.url, workspace: repo.dir, sha, ...run.github }
      })
      const steps = [result.main, result.post].filter(s => s !== undefined)
      return {
        result,
        exitCode: result.main.exitCode,
        errors: result.annotations
          .filter(a => a.level === 'error')
          .map(a => a.message),
        reason: result.outputs.reason,
        text: steps.map(s => `${s.stdout}\n${s.stderr}`).join('\n'),
        writes: gh.requests
          .slice(before)
          .filter(r => r.method !== 'GET' && r.method !== 'HEAD')
          .map(r => r.operationId ?? `${r.method} ${r.path}`),
        leftovers: await leftovers()
      }
    },
    async cli(args) {
      const { code, stdout, stderr } = await spawnCli(args, repo.dir)
      const errors = stderr.split('\n').filter(line => line.trim() !== '')
      const reason = /\[([a-z_]+)\]$/.exec(errors.at(-1) ?? '')?.[1]
      return {
        exitCode: code,
        errors,
        reason,
        text: `${stdout}\n${stderr}`,
        writes: [],
        leftovers: await leftovers()
      }
    },
    async close() {
      await gh.close()
      await repo.dispose()
    }
  }
}

function spawnCli(
  args: readonly string[],
  cwd: string
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', code => resolve({ code, stdout, stderr }))
  })
}
