import type { ProjectFacts } from './detect-project.js'

/** The workflows init writes, by path from the repository root. */
export const WORKFLOW_FILES = {
  push: '.github/workflows/staging-to-production.yml',
  comments: '.github/workflows/pr-redeploy.yml'
} as const

/** The release of the actions the workflows use (a moving major tag). */
export const ACTIONS_REF = 'v0'

const uses = (action: string) =>
  `rehearse/rehearse/actions/${action}@${ACTIONS_REF}`

// Every job that runs the plan writes the same records: the lock branch,
// the Deployment, the stage statuses and the stage reports.
const PIPELINE_PERMISSIONS = `      contents: write # the lock branch rehearse-lock/<environment>, nothing else
      deployments: write
      statuses: write
      checks: write # stage reports: migrations applied, smoke latency`

function databaseInput(facts: ProjectFacts, indent: string): string {
  return facts.migrations && facts.migrations.tool !== 'unknown'
    ? `\n${indent}database-url: \${{ secrets.DATABASE_URL }}`
    : ''
}

/** Push to main: staging rehearses, then production through the gate. */
export function pushWorkflowText(facts: ProjectFacts): string {
  return `# Written by \`rehearse init\`. Every push to main is rehearsed in staging,
# then promoted with the very same plan (.github/rehearse.yml): one step
# per environment, each running migrations, deploy steps and smoke checks
# after the same checks (plan, checkout, boundary, lock, gate).
# \`deployment: false\` keeps GitHub's environment protection (reviewers,
# secrets) while Rehearse records the one Deployment with its fingerprint.
# Give each GitHub environment (staging, production) the secrets its deploy
# steps need.
name: Deploy
on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: deploy-\${{ github.ref }}
  cancel-in-progress: false

jobs:
  staging:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    environment:
      name: staging
      deployment: false
    permissions:
${PIPELINE_PERMISSIONS}
    steps:
      - uses: actions/checkout@v5
        with:
          persist-credentials: false
      - uses: ${uses('deploy-to-staging')}
        with:
          environment: staging${databaseInput(facts, '          ')}

  production:
    needs: staging
    runs-on: ubuntu-latest
    timeout-minutes: 60
    environment:
      name: production
      deployment: false
    permissions:
${PIPELINE_PERMISSIONS}
    steps:
      - uses: actions/checkout@v5
        with:
          persist-credentials: false
      # The gate first (staging green for this code, soak, lock, default
      # branch); then the same migrations, deploy steps and smoke checks.
      - uses: ${uses('promote-to-prod')}
        with:
          from: staging${databaseInput(facts, '          ')}
`
}

/** `.deploy` and the other commands, from pull request comments. */
export function commentWorkflowText(facts: ProjectFacts): string {
  return `# Written by \`rehearse init\`. Comment \`.deploy\` on a pull request to
# deploy its head to staging; \`.help\` lists the other commands (.noop,
# .rollback, .lock, .unlock, .status). It runs this file as it is on the
# default branch, with the plan from there; pr-command accepts only new
# comments on open pull requests from this repository, by people with
# write access, once the head's CI is green, and outputs the exact SHA it
# checked. Comment text never reaches a shell.
name: PR redeploy
on:
  issue_comment:
    types: [created]

permissions: {}

jobs:
  redeploy:
    if: github.event.issue.pull_request && startsWith(github.event.comment.body, '.')
    runs-on: ubuntu-latest
    # Below pr-command's lock-lease-minutes (60): a killed job's lock lapses.
    timeout-minutes: 30
    environment:
      name: staging
      deployment: false
    concurrency:
      group: rehearse-staging
      cancel-in-progress: false
    permissions:
${PIPELINE_PERMISSIONS}
      pull-requests: write # reactions and the one result comment
    steps:
      # The default branch, which issue_comment runs on: the trusted plan.
      - uses: actions/checkout@v5
        with:
          persist-credentials: false
      - id: command
        uses: ${uses('pr-command')}
        with:
          environment: staging
          environments: staging
      # Exactly the commit that passed the checks, never the branch name.
      - if: steps.command.outputs.continue == 'true'
        uses: actions/checkout@v5
        with:
          ref: \${{ steps.command.outputs.sha }}
          persist-credentials: false
      # The whole plan — migrations, deploy steps, smoke checks, in that
      # order — under the lock pr-command took.
      - if: steps.command.outputs.continue == 'true'
        uses: ${uses('deploy-to-staging')}
        with:
          environment: \${{ steps.command.outputs.environment }}
          sha: \${{ steps.command.outputs.sha }}
          noop: \${{ steps.command.outputs.noop }}
          pr-number: \${{ steps.command.outputs.pr-number }}${databaseInput(facts, '          ')}
`
}
