import { execFile } from 'node:child_process'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

/** The repository this package lives in. */
export const ROOT = join(import.meta.dirname, '..', '..', '..', '..')

/** The CLI bundle users run (root package.json "bin"). */
export const DIST_CLI = join(ROOT, 'dist', 'cli', 'index.js')

/** What one finished command printed and returned. */
export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs `node dist/cli/index.js <args>` in `cwd` as a user would: a clean
 * environment (PATH, HOME and `env` only), no terminal on stdout.
 */
export function distCli(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {}
): Promise<CliResult> {
  return runFile(process.execPath, [DIST_CLI, ...args], cwd, env)
}

/** Runs any program the same way (e.g. the documented npm command). */
export function runFile(
  file: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {}
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: process.env['HOME'] ?? '',
          ...env
        },
        timeout: 240_000,
        maxBuffer: 64 * 1024 * 1024
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

/** A local HTTP server answering every request with `status`. */
export async function startApp(
  status = 200
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.statusCode = status
    response.end('ok')
  })
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve())
  )
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

const LINT = join(import.meta.dirname, 'lint-files.mjs')

/** actionlint's findings for workflow files under `dir`, one line each. */
export async function lintWorkflows(
  dir: string,
  files: readonly string[]
): Promise<string[]> {
  const result = await runFile(process.execPath, [LINT, dir, ...files], ROOT)
  if (result.code !== 0) throw new Error(`actionlint failed: ${result.stderr}`)
  return result.stdout.split('\n').filter(line => line !== '')
}
