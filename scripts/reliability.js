// Writes RELIABILITY.md from the latest results of the fault campaign
// (reliability/faults.json, `npm run test:faults`) and of the bad-input
// corpus (reliability/corpus.json, its jest test). The promises are prose
// kept here; every figure comes from those files. `--check` fails when
// RELIABILITY.md is not what the results make (the docs test runs it).
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import * as prettier from 'prettier'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const target = join(root, 'RELIABILITY.md')

function readResult(name) {
  try {
    return JSON.parse(readFileSync(join(root, 'reliability', name), 'utf8'))
  } catch {
    return undefined
  }
}

const PROMISES = `## What Rehearse promises

- **Checks before side effects.** The plan, the inputs, the environment
  boundary, the lock and the gate are checked before the first write to
  GitHub, the first migration or the first deploy step, in every entry point
  (each action alone or composed, a PR comment, the CLI). A refused run
  leaves no deployment, no status, no lock and no migration behind.
- **Fail closed.** When Rehearse cannot read what a decision needs
  (deployments, statuses, check runs, the lock), it refuses; it never
  promotes on a record it could not read.
- **Writes that are safe to repeat, or looked up first.** Reads, PUT, PATCH,
  DELETE and commit/deployment statuses are retried after 5xx answers and
  dropped connections (1, 2 and 4 s apart, with jitter). Requests that add
  something new each time — a deployment, a comment, an issue — are never
  re-sent blindly: after a lost answer Rehearse looks for what it wrote
  (the deployment of this environment and SHA, the comment with its hidden
  marker) before writing again.
- **Rate limits.** A secondary limit is waited out as GitHub asks
  (\`retry-after\`, at most 60 s, twice); an exhausted hourly quota or a
  longer wait ends the run with \`github_rate_limited\` and when to re-run.
  A run's first 20 writes go at once, later ones one second apart.
- **Locks.** One environment, one run: a lock is a branch
  \`rehearse-lock/<environment>\`, taken before anything is written and given
  back by the post step whatever happened (failure, cancellation).
- **Cancellation.** On SIGINT/SIGTERM the running step's process group is
  stopped and every GitHub request and retry wait ends at once; the post
  step then marks this run's deployment and pending \`rehearse/*\` statuses
  as \`error\` and gives the lock back.
- **Never retried:** the user's deploy, switch, traffic and rollback steps
  (a step that failed is reported, not run again), migrations (a failed
  migration is rolled back by its transaction where the database allows
  it, and reported), and non-idempotent GitHub writes (see above).
- **Expected failures are said as such**: one line with a reason code
  (\`github_unavailable\`, \`github_rate_limited\`, \`invalid_plan\`, …) and
  what to do; a stack trace is printed only for a bug of Rehearse's own.
- **No secret leaves the job**: every action run of the test suite is
  scanned for the job's secrets (the token, the test's secrets, masked
  values) in outputs, state, the summary as written and encoded in the
  log, and the GitHub emulator flags any write that carries the token.
`

function faultsSection(faults) {
  if (!faults)
    return '### Fault campaign\n\nNo results yet: run `npm run test:faults`.\n'
  const kinds = Object.entries(faults.faultsByKind ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `| ${kind} | ${count} |`)
  return [
    '### Fault campaign (`npm run test:faults`)',
    '',
    `Run ${faults.generatedAt ?? 'unknown'}, seed ${faults.seed ?? '?'}, ${
      faults.durationSeconds ?? '?'
    } s.`,
    '',
    '| figure | value |',
    '| --- | --- |',
    `| flows | ${faults.flows ?? '?'} |`,
    ...Object.entries(faults.flowsByKind ?? {}).map(
      ([kind, count]) => `| flows: ${kind} | ${count} |`
    ),
    `| cancelled (SIGINT/SIGTERM, post, re-run) | ${faults.cancelled ?? '?'} |`,
    `| killed (SIGKILL, no post, re-run) | ${faults.killed ?? '?'} |`,
    `| faults injected | ${faults.faultsInjected ?? '?'} |`,
    `| invariant violations | ${faults.violations?.length ?? faults.violations ?? '?'} |`,
    '',
    ...flagged(faults.flaggedThenReplayed),
    ...(kinds.length
      ? ['| fault | injected |', '| --- | --- |', ...kinds, '']
      : []),
    ...loadSection(faults.load)
  ].join('\n')
}

function flagged(replay) {
  if (!replay) return []
  return [
    replay.note ?? '',
    '',
    ...(replay.replayed ?? []).map(
      r => `- seed ${r.seed}: ${r.result} (\`${r.replay}\`)`
    ),
    ''
  ]
}

function loadSection(load) {
  if (!load) return []
  return [
    '### Load: many `.deploy` comments at once',
    '',
    `${load.prs} pull requests commenting \`.deploy\` across ${load.environments} environments, ${load.durationSeconds} s: ${load.deployed} deployed, ${load.refusedLocked} refused \`environment_locked\` while another deploy held the environment; overlapping deploys ${load.overlaps?.length ?? '?'}, unanswered comments ${load.unanswered?.length ?? '?'}, other violations ${load.violations?.length ?? '?'}.`,
    ''
  ]
}

function corpusSection(corpus) {
  if (!corpus)
    return '### Bad-input corpus\n\nNo results yet: run `npm run test:corpus`.\n'
  const rows = Object.entries(corpus.categories ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, c]) => `| ${name} | ${c.total} | ${c.passed} |`)
  return [
    '### Bad-input corpus (`npm run test:corpus`)',
    '',
    `Run ${corpus.generatedAt ?? 'unknown'}: ${corpus.passed} of ${corpus.total} cases refused with their expected one-line error, nothing written.`,
    '',
    '| category | cases | passed |',
    '| --- | --- | --- |',
    ...rows,
    ''
  ].join('\n')
}

export function renderReliability(faults, corpus) {
  return [
    '# Reliability',
    '',
    '<!-- Generated by `node scripts/reliability.js` from reliability/*.json; do not edit. -->',
    '',
    PROMISES,
    '## Latest figures',
    '',
    faultsSection(faults),
    corpusSection(corpus)
  ].join('\n')
}

// Formatted as the repository's prettier check wants it.
const text = await prettier.format(
  renderReliability(readResult('faults.json'), readResult('corpus.json')),
  { ...(await prettier.resolveConfig(target)), filepath: target }
)
if (process.argv.includes('--check')) {
  let current = ''
  try {
    current = readFileSync(target, 'utf8')
  } catch {
    // missing counts as different
  }
  if (current !== text) {
    console.error(
      'RELIABILITY.md is not what reliability/*.json make: run "node scripts/reliability.js" and commit it.'
    )
    process.exit(1)
  }
} else {
  writeFileSync(target, text)
  console.log('wrote RELIABILITY.md')
}
