import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeFingerprint, loadPlan } from '@rehearse/engine'
import { ms, summarize } from './stats.js'

const STEPS = 50
const ENVIRONMENTS = 10
const RUNS = 200

function largePlan(dir: string): string {
  mkdirSync(join(dir, 'deploy'), { recursive: true })
  const steps: string[] = []
  for (let i = 0; i < STEPS; i++) {
    writeFileSync(
      join(dir, 'deploy', `step-${i}.sh`),
      `#!/bin/bash\necho step ${i}\n`.repeat(50)
    )
    steps.push(
      `  - name: Step ${i}\n    run: ./deploy/step-${i}.sh --verbose\n    env: { STEP: "${i}" }`
    )
  }
  const envs: string[] = []
  for (let i = 0; i < ENVIRONMENTS; i++) {
    envs.push(
      `  env${i}:\n    url: https://env${i}.example.org\n    env: { REPLICAS: "${i}", LOG_LEVEL: info }${i > 0 ? `\n    requires: [env${i - 1}]` : ''}`
    )
  }
  return `version: 1\nartifact: ghcr.io/acme/shop:\${{ sha }}\ndeploy:\n${steps.join('\n')}\nenvironments:\n${envs.join('\n')}\nparity: { allow-differences: [REPLICAS] }\n`
}

function time(body: () => void): number[] {
  return Array.from({ length: RUNS }, () => {
    const started = process.hrtime.bigint()
    body()
    return Number(process.hrtime.bigint() - started) / 1e6
  })
}

export async function benchPlan(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-bench-plan-'))
  try {
    mkdirSync(join(dir, '.github'))
    writeFileSync(join(dir, '.github', 'rehearse.yml'), largePlan(dir))
    const load = () =>
      loadPlan({
        workspace: dir,
        file: '.github/rehearse.yml',
        environment: 'env9'
      })
    const first = time(load).slice(0, 1)
    const loads = summarize(time(load))
    const plan = load()
    const prints = summarize(time(() => computeFingerprint(plan, 'env9', dir)))
    return [
      `Plan: ${STEPS} steps each naming a script, ${ENVIRONMENTS} environments.`,
      `- first load (schema compile included): ${ms(first[0] ?? NaN)}`,
      `- load + validate: median ${ms(loads.median)}, p95 ${ms(loads.p95)} (${RUNS} runs)`,
      `- fingerprint (hashes ${STEPS} scripts): median ${ms(prints.median)}, p95 ${ms(prints.p95)}`
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
