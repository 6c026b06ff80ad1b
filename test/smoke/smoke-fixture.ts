import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { PLAN, startPipeline } from '../actions/pipeline-fixture.js'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import type { RunActionResult } from '@rehearse/bench'

/** The pipeline fixture's plan with a `smoke:` section (YAML, indented). */
export function planWithSmoke(
  smoke: string,
  urls: { staging?: string; production?: string } = {}
): string {
  let plan = PLAN
  if (urls.staging)
    plan = plan.replace('https://staging.example.com', urls.staging)
  if (urls.production)
    plan = plan.replace('url: https://example.com', `url: ${urls.production}`)
  return `${plan}smoke:\n${smoke}`
}

/** A repository whose plan has the smoke section, and the emulator. */
export function startSmokePipeline(
  smoke: string,
  files: Record<string, string> = {},
  urls: { staging?: string; production?: string } = {}
): Promise<Pipeline> {
  return startPipeline({
    '.github/rehearse.yml': planWithSmoke(smoke, urls),
    ...files
  })
}

const kept: string[] = []

/**
 * Runs the bundled smoke-test action against `url`. The runner's temp
 * folder is kept so the `report` file can be read; `removeKeptTemp` cleans up.
 */
export async function runSmoke(
  p: Pipeline,
  url: string,
  inputs: Record<string, string> = {},
  extra: Parameters<Pipeline['run']>[2] = {}
): Promise<RunActionResult> {
  const result = await p.run(
    'smoke-test',
    { url, ...inputs },
    { keepTemp: true, ...extra }
  )
  if (result.tempDir) kept.push(result.tempDir)
  return result
}

/** Removes the temp folders `runSmoke` kept. */
export async function removeKeptTemp(): Promise<void> {
  for (const dir of kept.splice(0))
    await rm(dir, { recursive: true, force: true })
}

/** The latest `rehearse/<env>/<stage>` commit status of the SHA. */
export function stageStatus(
  p: Pipeline,
  environment = 'staging',
  stage = 'smoke',
  sha = p.sha
) {
  return p.gh.state.commitStatuses
    .filter(
      s => s.sha === sha && s.context === `rehearse/${environment}/${stage}`
    )
    .at(-1)
}

/** Every status the SHA got for the context, oldest first. */
export function stageHistory(p: Pipeline, environment = 'staging') {
  return p.gh.state.commitStatuses
    .filter(
      s => s.sha === p.sha && s.context === `rehearse/${environment}/smoke`
    )
    .map(s => s.state)
}

/** The JSON report the `report` output names. */
export function readReport(result: RunActionResult): {
  outcome: string
  checks: Record<string, unknown>[]
  tls: Record<string, unknown> | null
  [key: string]: unknown
} {
  return JSON.parse(readFileSync(result.outputs.report ?? '', 'utf8'))
}

/** Annotations' messages, one per line. */
export const annotations = (result: RunActionResult): string =>
  result.annotations.map(a => `${a.level}: ${a.message}`).join('\n')
