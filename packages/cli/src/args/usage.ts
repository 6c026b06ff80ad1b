import type { CommandName } from './usage-error.js'

const OVERVIEW = `rehearse — run the deployment plan locally: staging rehearses, production
follows through the gate. The same engine as the GitHub Actions, with a local
ledger (.rehearse/ledger.json) in place of GitHub's deployments and statuses.

Usage:
  rehearse init [--force]
  rehearse run --env <environment> [--config <file>] [--sha <sha>] [--noop] [--json]
  rehearse promote [--from staging] [--to production] [--config <file>] [--noop] [--json]
  rehearse rollback <environment> [--to <sha>]
  rehearse status [--json]
  rehearse history <environment> [--limit <n>] [--json]
  rehearse drift [--config <file>]
  rehearse lock <environment> [--reason <text>]
  rehearse unlock <environment> [--force]
  rehearse teardown <environment>/pr-<n> | <environment> --pr <n>
  rehearse refresh <environment> [--config <file>] [--wait <minutes>]
  rehearse demo
  rehearse help <command> | --help | --version

Commands:
  init      write the plan, the workflows and the .gitignore entry for this repository
  run       run the plan (migrations, deploy steps, smoke checks) in one non-production environment
  promote   check the gate for the rehearsed commit, then run the same plan
  rollback  redeploy an earlier good release through the same pipeline
  status    what each environment serves now, newer attempts, locks
  history   an environment's deployments, newest first: who, what, when
  drift     what differs between environments now; exit 1 on undeclared drift
  lock      keep everyone else from deploying an environment
  unlock    release an environment's lock
  teardown  remove a pull request's environment (per-pr: true) and its deployments
  refresh   refresh an environment's data from the production replica, masked
  demo      the whole pipeline on a demo app, including a refused release

Exit codes: 0 done, 1 failed or refused, 2 usage error. Output is plain
text (no colors or cursor movement, so NO_COLOR and logs are respected);
--json prints one JSON document on stdout instead (shape: packages/cli/README.md).
`

const COMMANDS: Record<CommandName, string> = {
  init: `Usage: rehearse init [--force]

Sets up the repository you are in for Rehearse, from what it finds there:
package.json scripts (build, migrate, deploy, start), a Dockerfile, a
migrations folder (db/migrations, migrations, database/migrations). Writes
  .github/rehearse.yml                         the deployment plan, commented
  .github/workflows/staging-to-production.yml  push to main: staging, then production
  .github/workflows/pr-redeploy.yml            .deploy from pull request comments
and adds .rehearse/ (the local ledger, locks and databases) to .gitignore.
Then prints the next commands: put your URLs in the plan, commit, run
staging, promote. Files that exist are left alone: init refuses
(init_refused) before writing anything, unless --force.

Options:
  --force   replace the plan and workflows if they exist
`,
  run: `Usage: rehearse run --env <environment> [options]

Runs the whole plan in one non-production environment for the checked-out
commit, the same way the actions do: first every check (the plan, the
checkout, the boundary to production hosts, the environment's lock, the gate
when the environment requires another), then the migrations, the deploy steps
and the smoke checks, in that order. Records the deployment in the local
ledger and sets rehearse/<environment>/<stage> for each stage.

Options:
  --env <name>       environment from the plan (required), e.g. staging
  --config <file>    plan file (default: .github/rehearse.yml at the repository root)
  --sha <sha>        commit to deploy; must be the checked-out HEAD (default: HEAD)
  --noop             validate and show what would run; run and record nothing
  --wait <minutes>   wait this long for another run's lock (default: refuse at once)
  --override-freeze <why>  run although a change freeze is in force (recorded)
  --pr <number>      for a per-PR environment: the pull request whose own
                     environment (<environment>/pr-<number>) runs
  --json             print the outcome as one JSON document on stdout (the
                     progress goes to stderr)
`,
  promote: `Usage: rehearse promote [--from <env>] [--to <env>] [options]

Checks the gate — the rehearsal in --from succeeded for this code, its stages
are green, the fingerprints match, the soak time passed, the commit is on the
default branch, --to is not locked by anyone else — then runs the same
migrations, deploy steps and smoke checks in --to. Files the plan uses must
be committed. A refusal names its reason code and what to do.

Options:
  --from <name>             environment that rehearsed (default: staging)
  --to <name>               environment to promote to (default: production)
  --config <file>           plan file (default: .github/rehearse.yml)
  --sha <sha>               commit to promote; must be the checked-out HEAD
  --default-branch <name>   default branch (default: origin/HEAD, else main)
  --wait <minutes>          wait this long for another run's lock (default: refuse at once)
  --override-freeze <why>   promote although a change freeze is in force (recorded)
  --noop                    check the gate and the plan; run and record nothing
  --json                    print the outcome as one JSON document on stdout
`,
  rollback: `Usage: rehearse rollback <environment> [options]

Redeploys an earlier good release of the environment — by default the one
before what it serves now — through the same pipeline as any deploy: the
release is checked out in a temporary worktree (its own plan and scripts),
the environment's lock is taken, production goes through the gate (the
release was rehearsed and promoted before, so it passes unless something
else changed), then its deploy steps and smoke checks run. Migrations are
not reverted: the older release runs on the current schema, as staging
rehearsed.

Options:
  --to <sha>          the release to go back to (default: the previous good one)
  --config <file>     plan file inside that release (default: .github/rehearse.yml)
  --wait <minutes>    wait this long for another run's lock (default: refuse at once)
`,
  status: `Usage: rehearse status [--json]

For each environment in the local ledger: the commit it serves now (its last
successful deployment), since when, its fingerprint and the stages reported
for HEAD; the newest attempt when it is another one (failed, running); and
who holds which environment's lock.

Options:
  --json   the same as one JSON document (shape: packages/cli/README.md)
`,
  history: `Usage: rehearse history <environment> [--limit <n>] [--json]

The environment's deployments from the local ledger, newest first: when each
started, the commit, how it ended, who deployed it, the fingerprint and how
long it took. A commit deployed again is listed once per attempt.

Options:
  --limit <n>   how many to list (default: 20)
  --json        the same as one JSON document (shape: packages/cli/README.md)
`,
  drift: `Usage: rehearse drift [--config <file>]

Compares each environment with every environment it requires (production
with staging): the release, fingerprint, migration set and variable names
their last successful deployments in the local ledger recorded, and the
plan's facts (facts:), run now against each. A newer release in the required
environment is shown as awaiting promotion; every other difference that
parity.allow-differences does not declare is drift. Prints the table; exits
0 without drift, 1 with drift. (In GitHub Actions, deploy-to-staging's
mode: drift also keeps an issue up to date.)

Options:
  --config <file>   plan file (default: .github/rehearse.yml)
`,
  lock: `Usage: rehearse lock <environment> [--reason <text>]

Holds the environment's lock for you until you run rehearse unlock: every
other run and promote is refused (environment_locked) and told why. Your own
runs still deploy inside your hold.

Options:
  --reason <text>   why, shown to everyone the lock refuses
`,
  unlock: `Usage: rehearse unlock <environment> [--force]

Releases the environment's lock: a hold, or the lock of a run that is gone
(its process ended, or its lease ran out). The lock of a run still in
progress is left alone unless --force.

Options:
  --force   also release the lock of a run that may still be deploying
`,
  teardown: `Usage: rehearse teardown <environment>/pr-<n> [options]
       rehearse teardown <environment> --pr <n> [options]

Removes one pull request's environment of a per-PR environment (per-pr: true
in the plan), e.g. preview/pr-42: under its lock, the plan's teardown steps
run once as the release it runs now (REHEARSE_ENVIRONMENT=preview/pr-42,
REHEARSE_URL its URL), then its deployments are marked inactive and rehearse
status no longer lists it. Another pull request's environment is never
touched; one torn down before runs nothing again.

Options:
  --pr <number>       the pull request, with the per-PR environment's name
  --config <file>     plan file (default: .github/rehearse.yml)
  --wait <minutes>    wait this long for another run's lock (default: refuse at once)
`,
  refresh: `Usage: rehearse refresh <environment> [options]

Refreshes the environment's database from the production replica named by
the plan's data: section (source-url-env), masking every column by its rule
(fake, hash, null, keep, constant) with the key in REHEARSE_DATA_KEY (or
data.key-env), keeping the subset and adding the synthetic rows the plan
asks for. The target is the database the migrations use (their
database-url-env variable); a production environment or host is refused. A
column that looks personal without a rule blocks the refresh before anything
is written (data_unmasked_columns). The target is replaced in one
transaction: a failed refresh leaves it as it was. Progress (rows, tables,
rate, time left) is printed as it copies; the receipt is recorded in the
local ledger as rehearse/<environment>/data for HEAD.

Options:
  --config <file>     plan file (default: .github/rehearse.yml)
  --wait <minutes>    wait this long for another run's lock (default: refuse at once)
`,
  demo: `Usage: rehearse demo

Copies the demo app (workflows-examples/demo-app) to a temporary git
repository, deploys release 1 to staging and promotes it to production, then
shows release 2 failing its staging rehearsal and the gate refusing it. Uses
ports 4301 and 4302 on this machine (a second demo waits for the first); no
network, no database. Cleans up.
`
}

/** The help text: the overview, or one command's options. */
export function usage(topic?: CommandName): string {
  return topic ? COMMANDS[topic] : OVERVIEW
}
