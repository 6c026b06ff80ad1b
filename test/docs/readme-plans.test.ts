import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse, stringify } from 'yaml'
import { loadPlan } from '@rehearse/engine'

// Every plan snippet the README shows loads: a key, value or shape the
// engine refuses must not be what a reader copies. A snippet that is a
// fragment is merged into a small plan that gives it what it leans on.

const root = join(import.meta.dirname, '..', '..')
const PLAN_KEYS = new Set(
  Object.keys(
    (
      JSON.parse(
        readFileSync(
          join(root, 'packages/engine/schema/rehearse.schema.json'),
          'utf8'
        )
      ) as { properties: Record<string, unknown> }
    ).properties
  )
)

const BASE = {
  version: 1,
  deploy: [{ run: './deploy/apply.sh' }],
  environments: {
    staging: { url: 'https://staging.example.com' },
    production: { url: 'https://example.com', requires: ['staging'] }
  }
}

function snippets(
  file: string
): { line: number; doc: Record<string, unknown> }[] {
  const text = readFileSync(join(root, file), 'utf8')
  const found: { line: number; doc: Record<string, unknown> }[] = []
  for (const match of text.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    const line = text.slice(0, match.index).split('\n').length
    let doc: unknown
    try {
      doc = parse(match[1] ?? '')
    } catch (error) {
      // A snippet that is not even YAML fails below, named by its line.
      found.push({ line, doc: { unparsable: String(error) } })
      continue
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) continue
    const keys = Object.keys(doc)
    // Workflow YAML (on:, jobs:) and other files are not plans.
    if (keys.length === 0 || !keys.every(key => PLAN_KEYS.has(key))) continue
    found.push({ line, doc: doc as Record<string, unknown> })
  }
  return found
}

// Scripts the steps name, as executable files, so the path checks pass.
function scriptsOf(plan: Record<string, unknown>): string[] {
  return [...JSON.stringify(plan).matchAll(/"run":"(\.\/[^" ]+)/g)].map(
    m => m[1] ?? ''
  )
}

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function load(doc: Record<string, unknown>): void {
  const plan = { ...BASE, ...doc }
  const workspace = mkdtempSync(join(tmpdir(), 'rehearse-readme-'))
  dirs.push(workspace)
  for (const script of scriptsOf(plan)) {
    mkdirSync(dirname(join(workspace, script)), { recursive: true })
    writeFileSync(join(workspace, script), '#!/bin/sh\n', { mode: 0o755 })
  }
  for (const dir of ['db/migrations'])
    mkdirSync(join(workspace, dir), { recursive: true })
  mkdirSync(join(workspace, '.github'))
  writeFileSync(join(workspace, '.github/rehearse.yml'), stringify(plan))
  const environments = Object.keys(
    plan.environments as Record<string, { 'per-pr'?: boolean }>
  )
  for (const environment of environments)
    loadPlan({ workspace, file: '.github/rehearse.yml', environment })
}

describe('plan snippets in the README', () => {
  const found = snippets('README.md')

  it('are found (the test reads the README it means to)', () => {
    expect(found.length).toBeGreaterThanOrEqual(5)
  })

  it.each(found.map(s => [s.line, s.doc] as const))(
    'README.md:%i loads',
    (_line, doc) => {
      expect(() => load(doc)).not.toThrow()
    }
  )
})
