import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// A deploy step that records each run and notices on its own when another
// deploy step is running at the same time: `mkdir` is atomic, so a second
// step finds the directory there, writes OVERLAP and fails.
const OVERLAP_GUARD = `#!/usr/bin/env bash
set -u
me="$REHEARSE_ENVIRONMENT $REHEARSE_SHA $GITHUB_RUN_ID"
if ! mkdir "$GUARD_DIR/running" 2>/dev/null; then
  echo "OVERLAP $me while $(cat "$GUARD_DIR/holder" 2>/dev/null)" >> "$GUARD_DIR/overlaps"
  echo "OVERLAP: another deploy step is running" >&2
  exit 1
fi
echo "$me" > "$GUARD_DIR/holder"
echo "$me" >> "$GUARD_DIR/runs"
echo "deploying $REHEARSE_SHA to $REHEARSE_ENVIRONMENT in run $GITHUB_RUN_ID"
sleep "\${GUARD_SLEEP:-0.2}"
hold-point deploy || exit 1
status=0
if [ -e "$GUARD_DIR/fail-$REHEARSE_ENVIRONMENT" ]; then
  echo "failing in $REHEARSE_ENVIRONMENT on purpose" >&2
  status=1
fi
rm -f "$GUARD_DIR/holder"
rmdir "$GUARD_DIR/running"
exit "$status"
`

// Records that a run got to a named point, and stops there for as long as
// the test holds it: tests wait on that record, not on the clock. Bounded
// (2 minutes).
const HOLD_POINT = `#!/usr/bin/env bash
set -u
name="$1"
echo "$GITHUB_RUN_ID" >> "$GUARD_DIR/at-$name"
[ -e "$GUARD_DIR/hold-$name" ] || exit 0
for _ in $(seq 1 1200); do
  [ -e "$GUARD_DIR/hold-$name" ] || exit 0
  sleep 0.1
done
echo "hold-point $name was never released" >&2
exit 1
`

/** One deploy step as the guard recorded it. */
export interface GuardRun {
  readonly environment: string
  readonly sha: string
  readonly runId: string
}

/** The guard's tools on PATH, and what they recorded. */
export interface Guard {
  /** Step `env:` that puts the tools on PATH (merge into a run's env). */
  readonly env: Record<string, string>
  /** Deploy steps that ran, in the order they started. */
  runs(): Promise<GuardRun[]>
  /** Deploy steps that started while another one ran. */
  overlaps(): Promise<string[]>
  /** Run ids that reached a point, in order. */
  arrived(point: string): Promise<string[]>
  /** Steps reaching `point` stop there until `release(point)`. */
  hold(point: string): Promise<void>
  release(point: string): Promise<void>
  /** The deploy step fails in this environment from now on. */
  failIn(environment: string): Promise<void>
  /** Forgets every record (between tests). */
  reset(): Promise<void>
  dispose(): Promise<void>
}

async function lines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '')
  return text.split('\n').filter(line => line !== '')
}

/** Makes the tools `overlap-guard` and `hold-point` in a fresh directory. */
export async function createGuard(): Promise<Guard> {
  const root = await mkdtemp(join(tmpdir(), 'rehearse-guard-'))
  const bin = join(root, 'bin')
  const dir = join(root, 'state')
  await mkdir(bin)
  await mkdir(dir)
  for (const [name, text] of [
    ['overlap-guard', OVERLAP_GUARD],
    ['hold-point', HOLD_POINT]
  ] as const) {
    await writeFile(join(bin, name), text)
    await chmod(join(bin, name), 0o755)
  }
  return {
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, GUARD_DIR: dir },
    runs: async () =>
      (await lines(join(dir, 'runs'))).map(line => {
        const [environment = '', sha = '', runId = ''] = line.split(' ')
        return { environment, sha, runId }
      }),
    overlaps: () => lines(join(dir, 'overlaps')),
    arrived: point => lines(join(dir, `at-${point}`)),
    hold: point => writeFile(join(dir, `hold-${point}`), ''),
    release: point => rm(join(dir, `hold-${point}`), { force: true }),
    failIn: environment => writeFile(join(dir, `fail-${environment}`), ''),
    reset: async () => {
      await rm(dir, { recursive: true, force: true })
      await mkdir(dir)
    },
    dispose: () => rm(root, { recursive: true, force: true })
  }
}

/** A plan whose one deploy step is the guard (environments given as YAML). */
export function guardedPlan(environments: string, extra = ''): string {
  return `version: 1
artifact: ghcr.io/acme/shop:\${{ sha }}
deploy:
  - name: Guarded deploy
    run: overlap-guard
    timeout-minutes: 3
environments:
${environments}
${extra}`
}

/** staging and production, as most tests here need. */
export const STAGING_PLAN = guardedPlan(`  staging:
    url: https://staging.example.com
  production:
    url: https://example.com
    requires: [staging]`)
