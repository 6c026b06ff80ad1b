/**
 * Every stable `reason` code Rehearse sets (action output `reason`, the CLI's
 * `[code]`, gate checks, pr-command refusals), with one line saying what it
 * means. Code may only use a code listed here; a test checks that each is
 * documented in a README and that no README names a code missing here.
 */
export const REASONS = {
  // Plan and inputs
  invalid_plan:
    'the plan file is invalid (every problem is listed with its line)',
  no_plan: 'there is no plan file where one was expected',
  invalid_sha: 'the SHA to deploy is not a full commit SHA',
  invalid_url: 'a URL is not an http(s) URL, or carries credentials',
  no_url: 'the environment has no URL to smoke-test',
  path_outside_repository:
    'a path the plan or an input names resolves outside the repository',
  missing_token: 'no GitHub token was given',
  invalid_input:
    'an action input is malformed (not true/false, not a whole number, not one of its values)',
  // Preflight
  no_checkout: 'the workspace is not a git checkout',
  sha_mismatch: 'the checked-out HEAD is not the SHA to deploy',
  not_a_repository: 'the CLI runs outside a git repository',
  unknown_commit: 'GitHub does not know the commit',
  uncommitted_changes:
    'files the plan uses have uncommitted changes (CLI, gated environments)',
  boundary_violation: 'a rehearsal would reach a production host',
  production_environment:
    'a production environment was asked for where only rehearsals run',
  not_per_pr: 'teardown was asked for an environment that is not per-PR',
  production_needs_gate:
    'production is reached only through promote (the gate), not run',
  environment_locked: 'someone else holds the environment lock',
  not_locked: 'an unlock found no lock to release',
  lock_unavailable: 'GitHub refused to write the lock branch',
  locks_unreadable: 'the local locks file cannot be read',
  ledger_unreadable: 'the local ledger file cannot be read',
  ledger_locked: 'the local ledger stayed locked by another process',
  ledger_unavailable: "a deployment's final state could not be recorded",
  ref_changed: 'the pull request head moved after the command was given',
  head_unverified:
    "GitHub's records of when the pull request head arrived could not be read",
  // The gate
  no_rehearsal: 'no deployment of this code to a required environment exists',
  rehearsal_not_successful:
    "the required environment's deployment did not succeed",
  stage_missing:
    'a stage the plan defines has not reported in a required environment',
  stage_failed:
    'a stage the plan defines is not green in a required environment',
  fingerprint_mismatch:
    'the target would run something other than was rehearsed',
  undeclared_difference:
    'the environments differ in a variable parity.allow-differences does not list',
  soak_pending: 'the rehearsal has not soaked long enough',
  not_on_default_branch: 'the commit is not on the default branch',
  change_freeze: 'a change freeze is in force for the environment',
  rollback_not_rehearsed:
    'the plan has a rollback procedure, and the required environment did not rehearse it green for this code',
  rollback_too_slow:
    "the rollback rehearsed in the required environment took longer than the target's rollback-max-seconds",
  // Migrations
  database_url_missing: 'no database URL for the environment',
  database_url_invalid: 'the database URL cannot be parsed',
  database_unreachable: 'the database did not answer',
  migrations_dir_missing: 'migrations.dir does not exist',
  migration_files_invalid: 'a migration file name or content is invalid',
  migration_out_of_order: 'a new migration sorts before one already applied',
  applied_migration_missing: 'an applied migration file is gone',
  checksum_mismatch: 'an applied migration file was changed',
  migration_failed_earlier:
    'a migration was left failed by an earlier run (MySQL)',
  migration_lock_timeout: 'another run held the migration lock too long',
  migrations_not_rehearsed: 'production would apply migrations staging did not',
  down_migration_missing:
    'a rollback rehearsal needs a down migration that is missing',
  rehearsal_not_possible: 'the rollback rehearsal cannot run with this tool',
  rehearsal_in_production: 'rollback rehearsal was asked for in production',
  migration_failed:
    'a migration failed (rolled back where the database allows)',
  lint_failed: 'a lint rule at level error matched a pending migration',
  rollback_not_restored: 'the rollback rehearsal did not restore the schema',
  integrity_check_failed: 'an integrity check returned false after migrating',
  command_failed: "the migration tool's command failed",
  // Data refresh
  data_stale:
    "the environment's data refresh is missing, failed or older than data.gate.max-age-days",
  data_unmasked_columns:
    'a column that looks personal has no masking rule (or, with require-rules, any column has none)',
  data_schema_behind:
    "the environment's data was taken before the migration head being promoted",
  data_leak: "the refresh's leak probe found source values in masked columns",
  // Smoke
  tls_verification_disabled: 'NODE_TLS_REJECT_UNAUTHORIZED=0 is set',
  // Runs
  deploy_failed: 'a deploy step failed or timed out',
  smoke_failed: 'a smoke check failed',
  teardown_failed: "a per-PR environment's teardown step failed",
  canary_analysis_failed:
    'a canary analysis (smoke checks, latency, metric) failed: traffic went back to 0',
  cancelled: 'the run was cancelled',
  timeout: 'a wait ran out of time',
  port_in_use: 'the demo could not start a server: its port is taken',
  not_found: 'GitHub answered 404 for something the run needs',
  bad_credentials: 'GitHub refused the token',
  github_rate_limited:
    'a GitHub rate limit held the run up for longer than it waits (re-run later)',
  github_unavailable:
    'GitHub kept failing (5xx or dropped connections) through every retry',
  missing_permission: 'the token lacks a permission the call needs',
  no_default_branch: 'the CLI could not tell the default branch',
  init_refused:
    'rehearse init would replace files that exist (--force replaces them) or cannot read package.json',
  // pr-command
  no_command: 'the comment is no command',
  invalid_command: 'the command is malformed',
  unknown_environment:
    'the command names an environment the plan does not have',
  environment_not_allowed:
    'this workflow does not deploy that environment from comments',
  permission_denied: 'the commenter lacks the required permission',
  permission_unavailable: "the commenter's permission could not be read",
  pr_closed: 'the pull request is not open',
  pr_draft: 'the pull request is a draft',
  pr_from_fork: 'the pull request comes from a fork',
  non_default_base: 'the pull request targets another branch than the default',
  checks_failed: 'a CI check of the head failed',
  checks_pending: 'a CI check of the head is still running',
  checks_unavailable:
    'CI results of the head could not be read or do not exist',
  no_checks: 'no CI check was found where one was required',
  no_rollback_target: 'there is no earlier good release to roll back to',
  untrusted_plan: "the plan is not the default branch's",
  not_issue_comment: 'pr-command ran on another event than issue_comment',
  invalid_event:
    'the issue_comment event payload lacks a field GitHub always sends, or has the wrong type',
  comment_not_created: 'the comment was edited or deleted, not created',
  not_a_pull_request: 'the comment is on an issue, not a pull request'
} as const satisfies Record<string, string>

/** A stable reason code. */
export type ReasonCode = keyof typeof REASONS

/** Whether `code` is a known reason code. */
export function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(REASONS, code)
}
