// Rewrites the inputs/outputs tables of each actions/<name>/README.md from its
// action.yml, between the <!-- contract --> markers, its Permissions table
// from packages/actions/src/permissions.ts, between the <!-- permissions -->
// markers, and the reason-code table of the root README from
// packages/core/src/reasons.ts, so none drifts.
// Run with the TypeScript hooks: npm run docs. With --check it writes
// nothing and exits 1 naming each README that is not what it would write
// (test/docs runs it so).
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join, dirname, relative, resolve } from 'node:path'
import { format, resolveConfig } from 'prettier'
import { parse } from 'yaml'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const check = process.argv.includes('--check')
const stale = []
const { permissions } = await import('../packages/actions/src/permissions.ts')
const PERMISSIONS_START = '<!-- permissions:start (npm run docs) -->'
const PERMISSIONS_END = '<!-- permissions:end -->'
const START = '<!-- contract:start (npm run docs) -->'
const END = '<!-- contract:end -->'

const cell = text =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim()

function renderTables(manifest) {
  const inputs = Object.entries(manifest.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.default === '' ? '""' : `\`${cell(spec.default)}\``} | ${cell(spec.description)} |`
  )
  const outputs = Object.entries(manifest.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`
  )
  return [
    START,
    '### Inputs',
    '',
    '| input | default | description |',
    '| --- | --- | --- |',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs,
    END
  ].join('\n')
}

function renderPermissions(action) {
  const sets = permissions[action]
  if (!sets) throw new Error(`permissions.ts: no entry for ${action}`)
  const when = set =>
    !set.when
      ? 'every run'
      : set.when.value === undefined
        ? `\`${set.when.input}\` given`
        : `\`${set.when.input}: ${set.when.value}\``
  const rows = sets.flatMap(set =>
    set.needs.map(
      need =>
        `| ${when(set)} | \`${need.scope}: ${need.level}\` | ${cell(need.why)} |`
    )
  )
  return [
    PERMISSIONS_START,
    '### Permissions',
    '',
    "What the job's `permissions:` must grant the token (generated from",
    '`packages/actions/src/permissions.ts`; the docs test checks every example',
    'workflow grants it):',
    '',
    '| when | permission | for |',
    '| --- | --- | --- |',
    ...rows,
    PERMISSIONS_END
  ].join('\n')
}

/** Replaces what lies between two markers; both must be there. */
function between(text, start, end, content, path) {
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < 0) throw new Error(`${path}: ${start} markers missing`)
  return text.slice(0, from) + content + text.slice(to + end.length)
}

async function update(path, before, after) {
  const next = await format(after, {
    ...(await resolveConfig(path)),
    filepath: path
  })
  if (next === before) return
  if (check) stale.push(path)
  else await writeFile(path, next)
}

for (const action of (await readdir(join(root, 'actions'))).sort()) {
  const dir = join(root, 'actions', action)
  const manifest = parse(await readFile(join(dir, 'action.yml'), 'utf8'))
  const readmePath = join(dir, 'README.md')
  const readme = await readFile(readmePath, 'utf8')
  const withContract = between(
    readme,
    START,
    END,
    renderTables(manifest),
    readmePath
  )
  await update(
    readmePath,
    readme,
    between(
      withContract,
      PERMISSIONS_START,
      PERMISSIONS_END,
      renderPermissions(action),
      readmePath
    )
  )
}

const REASONS_START = '<!-- reasons:start (npm run docs) -->'
const REASONS_END = '<!-- reasons:end -->'
const { renderReasonTable } =
  await import('../packages/core/src/reason-table.ts')
const readmePath = join(root, 'README.md')
const readme = await readFile(readmePath, 'utf8')
const start = readme.indexOf(REASONS_START)
const end = readme.indexOf(REASONS_END)
if (start < 0 || end < 0) throw new Error('README.md: reasons markers missing')
await update(
  readmePath,
  readme,
  readme.slice(0, start) +
    [REASONS_START, renderReasonTable(), REASONS_END].join('\n') +
    readme.slice(end + REASONS_END.length)
)
if (stale.length > 0) {
  console.error(
    stale
      .map(path => `${relative(root, path)}: not what npm run docs writes`)
      .join('\n')
  )
  console.error('Run npm run docs, then commit the READMEs.')
  process.exit(1)
}
