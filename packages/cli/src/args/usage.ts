import type { CommandName } from './parse-command.js'

const OVERVIEW = `rehearse — run the deployment plan locally: staging rehearses, production
follows through the gate. The same engine as the GitHub Actions, with a local
ledger (.rehearse/ledger.json) in place of GitHub's deployments and statuses.

Usage:
  rehearse run --env <environment> [--config <file>] [--sha <sha>] [--noop]
  rehearse promote [--from staging] [--to production] [--config <file>]
  rehearse status
  rehearse demo
  rehearse help <command> | --help | --version

Commands:
  run       run the plan's deploy steps in one non-production environment
  promote   check the gate for the rehearsed commit, then run the same plan
  status    what each environment runs, and the stages of HEAD
  demo      the whole pipeline on a demo app, including a refused release

Exit codes: 0 done, 1 failed or refused, 2 usage error.
`

const COMMANDS: Record<CommandName, string> = {
  run: `Usage: rehearse run --env <environment> [options]

Runs the deploy steps of the plan in one non-production environment for the
checked-out commit, records the deployment in the local ledger and sets the
stage rehearse/<environment>/deploy.

Options:
  --env <name>       environment from the plan (required), e.g. staging
  --config <file>    plan file (default: .github/rehearse.yml at the repository root)
  --sha <sha>        commit to deploy; must be the checked-out HEAD (default: HEAD)
  --noop             validate and show what would run; run and record nothing
`,
  promote: `Usage: rehearse promote [--from <env>] [--to <env>] [options]

Checks the gate — the rehearsal in --from succeeded for this code, its stages
are green, the fingerprints match, the soak time passed, the commit is on the
default branch — then runs the same plan in --to. A refusal names its reason
code and what to do.

Options:
  --from <name>             environment that rehearsed (default: staging)
  --to <name>               environment to promote to (default: production)
  --config <file>           plan file (default: .github/rehearse.yml)
  --sha <sha>               commit to promote; must be the checked-out HEAD
  --default-branch <name>   default branch (default: origin/HEAD, else main)
`,
  status: `Usage: rehearse status

For each environment in the local ledger: the deployed commit, its state and
fingerprint, the stages reported for HEAD, and how long ago it changed.
`,
  demo: `Usage: rehearse demo

Copies the demo app (workflows-examples/demo-app) to a temporary git
repository, deploys release 1 to staging and promotes it to production, then
shows release 2 failing its staging rehearsal and the gate refusing it. Uses
ports 4301 and 4302 on this machine; no network, no database. Cleans up.
`
}

/** The help text: the overview, or one command's options. */
export function usage(topic?: CommandName): string {
  return topic ? COMMANDS[topic] : OVERVIEW
}
