import * as core from '@actions/core'
import { renderPipelineDiagram } from '@rehearse/engine'
import type { Ledger, Plan } from '@rehearse/engine'

/** Appends sections and the pipeline diagram of this SHA to the job summary. */
export async function writePipelineSummary(
  plan: Plan,
  sha: string,
  ledger: Ledger,
  sections: readonly string[]
): Promise<void> {
  const stages = await ledger.readStages(sha)
  const body = [
    ...sections,
    '#### Pipeline for this commit',
    renderPipelineDiagram(plan, stages)
  ]
  await core.summary.addRaw(body.join('\n\n'), true).write()
}
