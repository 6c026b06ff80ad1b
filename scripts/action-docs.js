// Rewrites the inputs/outputs tables of each actions/<name>/README.md from its
// action.yml, between the <!-- contract --> markers, so the two never drift.
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
