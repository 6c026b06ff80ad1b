import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse, stringify } from 'yaml'
import { loadPlan } from '../../src/plan/load-plan.js'
import { normalizePlan } from '../../src/plan/normalize-plan.js'
import type { RawPlan } from '../../src/plan/normalize-plan.js'
import type { Plan } from '../../src/plan-types.js'
import { computeFingerprint } from '../../src/fingerprint/compute-fingerprint.js'
import type { Fingerprint } from '../../src/fingerprint/types.js'

// Plans in these tests are real: YAML on disk next to real script files,
// read by the same loader the actions use.

export type Files = Record<string, string>

const created: string[] = []

/** A fresh temporary repository holding these files. */
export function workspaceWith(files: Files): string {
  const workspace = mkdtempSync(join(tmpdir(), 'rehearse-plan-'))
  created.push(workspace)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true })
    writeFileSync(join(workspace, path), content, { mode: 0o755 })
  }
  return workspace
}

/** Removes every workspace made so far (call from afterAll). */
export function removeWorkspaces(): void {
  for (const path of created.splice(0)) {
    rmSync(path, { recursive: true, force: true })
  }
}

/**
 * Writes the plan (an object, or YAML text) and loads it. The loader
 * refuses rollback steps and strategies other than direct until they are
 * built; the fingerprint covers them already, so they are loaded without
 * them and put back on the loaded plan, normalized as the loader would.
 */
export function loadFrom(
  plan: object | string,
  files: Files = {},
  environment = 'staging'
): { plan: Plan; workspace: string } {
  const doc = (typeof plan === 'string' ? parse(plan) : plan) as RawPlan
  const { rollback: _rollback, strategy, ...rest } = doc
  const runnable = strategy?.type === 'direct' ? { ...rest, strategy } : rest
  const workspace = workspaceWith({
    ...files,
    '.github/rehearse.yml': stringify(runnable)
  })
  const loaded = loadPlan({
    workspace,
    file: '.github/rehearse.yml',
    environment
  })
  const full = normalizePlan(loaded.file, doc)
  return {
    plan: { ...loaded, rollback: full.rollback, strategy: full.strategy },
    workspace
  }
}

/** The scripts the base plan's steps name. */
export const baseFiles: Files = {
  'deploy/apply.sh': '#!/bin/bash\nkubectl apply -f k8s/\n',
  'deploy/rollback.sh': '#!/bin/bash\nkubectl rollout undo deploy/shop\n',
  'scripts/notify.sh': '#!/bin/bash\necho "deployed $1"\n',
  'README.md': 'not named by any step\n'
}

/** The YAML document as written, typed loosely enough for tests to edit. */
export interface PlanDoc {
  version: 1
  artifact?: string
  deploy: [StepDoc & { env: Variables }, StepDoc, ...StepDoc[]]
  rollback: [StepDoc, ...StepDoc[]]
  strategy: { type: string; steps?: number[] }
  environments: Record<string, EnvironmentDoc> & {
    staging: EnvironmentDoc & { env: Variables }
    production: EnvironmentDoc & { env: Variables }
  }
  parity: { 'allow-differences': string[] }
}
type Variables = Record<string, string>
export interface StepDoc {
  name?: string
  run: string
  'timeout-minutes'?: number
  env?: Record<string, string>
}
export interface EnvironmentDoc {
  url?: string
  env?: Record<string, string>
  requires?: string[]
  'soak-minutes'?: number
  production?: boolean
  transient?: boolean
}
/** Edits a fresh copy of the base plan (and its files) in place. */
export type Edit = (plan: PlanDoc, files: Files) => void

/** A plan like the design's sketch; tests change one thing at a time. */
export function basePlan(): PlanDoc {
  return {
    version: 1,
    artifact: 'ghcr.io/acme/shop:${{ sha }}',
    deploy: [
      {
        name: 'Apply manifests',
        run: './deploy/apply.sh',
        'timeout-minutes': 10,
        env: { MODE: 'rolling' }
      },
      { name: 'Announce', run: 'bash scripts/notify.sh "$REHEARSE_SHA"' }
    ],
    rollback: [{ run: './deploy/rollback.sh' }],
    strategy: { type: 'direct' },
    environments: {
      staging: {
        url: 'https://staging.example.com',
        env: { REPLICAS: '1', API_URL: 'https://api.staging.example.com' }
      },
      production: {
        url: 'https://example.com',
        env: { REPLICAS: '6', API_URL: 'https://api.example.com' },
        requires: ['staging'],
        'soak-minutes': 30
      }
    },
    parity: { 'allow-differences': ['REPLICAS'] }
  }
}

/** The base plan and its scripts after an edit, written and loaded. */
export function loadEdited(
  edit: Edit = () => undefined,
  environment = 'staging'
): { plan: Plan; workspace: string } {
  const plan = basePlan()
  const files = { ...baseFiles }
  edit(plan, files)
  return loadFrom(plan, files, environment)
}

/** The fingerprint of the edited base plan for one environment. */
export function fingerprintAfter(
  edit: Edit,
  environment = 'staging',
  extra?: { migrations?: string }
): Fingerprint {
  const { plan, workspace } = loadEdited(edit, environment)
  return computeFingerprint(plan, environment, workspace, extra)
}
