// Rewrites the inputs/outputs tables of each actions/<name>/README.md from its
// action.yml, between the <!-- contract --> markers, and the reason-code table
// of the root README from packages/core/src/reasons.ts, so neither drifts.
// Run with the TypeScript hooks: npm run docs.
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join, dirname, resolve } from 'node:path'
import { format, resolveConfig } from 'prettier'
import { parse } from 'yaml'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
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

for (const action of (await readdir(join(root, 'actions'))).sort()) {
  const dir = join(root, 'actions', action)
  const manifest = parse(await readFile(join(dir, 'action.yml'), 'utf8'))
  const readmePath = join(dir, 'README.md')
  const readme = await readFile(readmePath, 'utf8')
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start < 0 || end < 0)
    throw new Error(`${readmePath}: contract markers missing`)
  const next = await format(
    readme.slice(0, start) +
      renderTables(manifest) +
      readme.slice(end + END.length),
    { ...(await resolveConfig(readmePath)), filepath: readmePath }
  )
  if (next !== readme) await writeFile(readmePath, next)
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
const next = await format(
  readme.slice(0, start) +
    [REASONS_START, renderReasonTable(), REASONS_END].join('\n') +
    readme.slice(end + REASONS_END.length),
  { ...(await resolveConfig(readmePath)), filepath: readmePath }
)
if (next !== readme) await writeFile(readmePath, next)
