import { describe, expect, it } from '@jest/globals'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'yaml'
import { contracts } from '../src/contract.js'
import type { ActionContract, ActionName } from '../src/contract.js'

const root = join(import.meta.dirname, '..', '..', '..')

interface Manifest {
  name?: string
  description?: string
  branding?: { icon?: string; color?: string }
  inputs?: Record<
    string,
    { description?: string; default?: unknown; required?: boolean }
  >
  outputs?: Record<string, { description?: string }>
  runs?: { using?: string; main?: string; post?: string }
}

async function readManifest(action: string): Promise<Manifest> {
  const text = await readFile(
    join(root, 'actions', action, 'action.yml'),
    'utf8'
  )
  return parse(text) as Manifest
}

const names = Object.keys(contracts) as ActionName[]

describe('action.yml contract', () => {
  it('has one folder per action of the registry and no other', async () => {
    const folders = (await readdir(join(root, 'actions'))).sort()
    expect(folders).toEqual([...names].sort())
  })

  describe.each(names)('%s', name => {
    const contract: ActionContract = contracts[name]

    it('declares exactly the inputs of the registry with the same defaults', async () => {
      const manifest = await readManifest(name)
      const declared = Object.fromEntries(
        Object.entries(manifest.inputs ?? {}).map(([input, spec]) => [
          input,
          { default: spec.default, required: spec.required ?? false }
        ])
      )
      const expected = Object.fromEntries(
        Object.entries(contract.inputs).map(([input, spec]) => [
          input,
          { default: spec.default, required: spec.required ?? false }
        ])
      )
      expect(declared).toEqual(expected)
    })

    it('gives boolean inputs a YAML 1.2 boolean default', async () => {
      const manifest = await readManifest(name)
      for (const [input, spec] of Object.entries(contract.inputs)) {
        if (spec.kind !== 'boolean') continue
        expect([input, manifest.inputs?.[input]?.default]).toEqual([
          input,
          expect.stringMatching(/^(true|false)$/)
        ])
      }
    })

    it('declares exactly the outputs of the registry', async () => {
      const manifest = await readManifest(name)
      expect(Object.keys(manifest.outputs ?? {}).sort()).toEqual(
        [...contract.outputs].sort()
      )
    })

    it('describes every input and output for the marketplace', async () => {
      const manifest = await readManifest(name)
      expect(manifest.name).toMatch(/\S/)
      expect(manifest.description).toMatch(/\S/)
      expect(manifest.branding?.icon).toMatch(/\S/)
      expect(manifest.branding?.color).toMatch(/\S/)
      const entries = [
        ...Object.entries(manifest.inputs ?? {}),
        ...Object.entries(manifest.outputs ?? {})
      ]
      const undocumented = entries
        .filter(([, spec]) => !spec.description?.trim())
        .map(([key]) => key)
      expect(undocumented).toEqual([])
    })

    it('runs its own bundle on node24, main and post', async () => {
      const manifest = await readManifest(name)
      const bundle = `../../dist/${name}/index.js`
      expect(manifest.runs).toEqual({
        using: 'node24',
        main: bundle,
        post: bundle
      })
    })

    it('documents every input and output in its README', async () => {
      const readme = await readFile(
        join(root, 'actions', name, 'README.md'),
        'utf8'
      )
      const missing = [
        ...Object.keys(contract.inputs),
        ...contract.outputs
      ].filter(key => !readme.includes(`\`${key}\``))
      expect(missing).toEqual([])
    })
  })
})
