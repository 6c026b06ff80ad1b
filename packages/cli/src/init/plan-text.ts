import type { MigrationsFound, ProjectFacts } from './detect-project.js'

/** Where editors find the plan's JSON Schema (the release the workflows use). */
export const SCHEMA_URL =
  'https://raw.githubusercontent.com/rehearse/rehearse/v0/packages/engine/schema/rehearse.schema.json'

/**
 * The URLs init writes, for the user to replace with their own: under the
 * reserved `.example` TLD and named so, so no real URL (example.com ones
 * in docs and tests included) is ever taken for them.
 */
export const PLACEHOLDER_URLS = {
  staging: 'https://staging.replace-me.example',
  production: 'https://www.replace-me.example'
} as const

/** One line saying what init found, for the plan's header and the output. */
export function describeFindings(facts: ProjectFacts): string {
  const scripts = facts.scripts.length
    ? `package.json scripts ${facts.scripts.join(', ')}`
    : facts.node
      ? 'package.json (no build, migrate, deploy or start script)'
      : 'no package.json'
  const migrations = facts.migrations?.dir ?? 'no migrations folder'
  return `${scripts}; ${facts.dockerfile ? 'a Dockerfile' : 'no Dockerfile'}; ${migrations}`
}

/** The commented `.github/rehearse.yml` for what init found. */
export function planText(facts: ProjectFacts): string {
  return [
    header(facts),
    'version: 1',
    '',
    '# What is deployed: the same reference in every environment, so',
    '# production runs exactly what staging rehearsed. ${{ sha }} is the commit.',
    `artifact: ${facts.name}:\${{ sha }}`,
    '',
    ...deploySteps(facts),
    '',
    ...migrationsSection(facts.migrations),
    ...smokeSection(facts),
    '',
    ...environmentsSection()
  ].join('\n')
}

function header(facts: ProjectFacts): string {
  return `# yaml-language-server: $schema=${SCHEMA_URL}
#
# The deployment plan, written by \`rehearse init\` from what it found:
# ${describeFindings(facts)}.
#
# Every environment runs this same plan in one order: migrations, then the
# deploy steps, then the smoke checks. Production is only reached through
# the gate (\`rehearse promote\` here, promote-to-prod in GitHub Actions):
# staging must have passed every stage for the same code first.
# Reference: https://github.com/rehearse/rehearse#the-plan-githubrehearseyml
`
}

function deploySteps(facts: ProjectFacts): string[] {
  const pm = facts.packageManager
  const has = (script: string) => facts.scripts.includes(script)
  const lines = [
    '# Run in order with bash -e at the repository root, the same in every',
    '# environment. Each step gets REHEARSE_ENVIRONMENT, REHEARSE_URL,',
    "# REHEARSE_SHA and REHEARSE_ARTIFACT, then the environment's env: below.",
    '# A step fails after timeout-minutes (default 15).',
    'deploy:'
  ]
  if (facts.dependencies && (has('build') || has('deploy'))) {
    lines.push('  - name: Install', `    run: ${pm.install}`)
  }
  if (has('build')) lines.push('  - name: Build', `    run: ${pm.run('build')}`)
  if (facts.dockerfile) {
    lines.push(
      '  - name: Build the image',
      '    # Built once and reused by the next environment. Push it to your',
      '    # registry in this step if your hosts pull it from one.',
      '    run: docker image inspect "$REHEARSE_ARTIFACT" >/dev/null 2>&1 || docker build -t "$REHEARSE_ARTIFACT" .'
    )
  }
  if (has('deploy')) {
    lines.push('  - name: Deploy', `    run: ${pm.run('deploy')}`)
    return lines
  }
  const start = has('start')
    ? [`    # What your hosts then run is \`${pm.run('start')}\`.`]
    : []
  return [
    ...lines,
    '  - name: Deploy',
    '    # Replace with the command that ships $REHEARSE_ARTIFACT to',
    '    # $REHEARSE_ENVIRONMENT (e.g. a script of yours: ./deploy/release.sh).',
    ...start,
    '    run: echo "Deploying $REHEARSE_ARTIFACT to $REHEARSE_ENVIRONMENT at $REHEARSE_URL"'
  ]
}

function migrationsSection(found: MigrationsFound | undefined): string[] {
  const database = [
    '# The database URL comes from DATABASE_URL (the workflows pass the',
    '# DATABASE_URL secret of each GitHub environment).'
  ]
  if (!found) {
    return [
      '# Schema migrations, run before the deploy steps (none found):',
      '# migrations: { tool: sql, dir: db/migrations } # V1__<name>.sql files',
      ''
    ]
  }
  if (found.tool === 'unknown') {
    return [
      `# Schema migrations: ${found.dir} was found, but ${found.why}.`,
      '# Name the files V<version>__<name>.sql, or run your own tool:',
      '# migrations: { tool: command, up: <your migrate command> }',
      ''
    ]
  }
  if (found.tool === 'command') {
    return [
      '# Schema migrations, before the deploy steps: your own tool, under',
      '# the same lock, timing and statuses as every stage.',
      ...database,
      'migrations:',
      '  tool: command',
      `  up: ${found.up}`,
      ''
    ]
  }
  return [
    '# Schema migrations, before the deploy steps: the V<version>__<name>.sql',
    `# files of ${found.dir}, in version order, each in a transaction.`,
    ...database,
    '# Without it, `rehearse run` uses an embedded PostgreSQL per environment',
    '# (.rehearse/pglite/<env>); production always needs DATABASE_URL.',
    'migrations:',
    '  tool: sql',
    `  dir: ${found.dir}`,
    ''
  ]
}

function smokeSection(facts: ProjectFacts): string[] {
  const started = facts.scripts.includes('start')
    ? ` (the app \`${facts.packageManager.run('start')}\` runs)`
    : ''
  return [
    '# After the deploy steps, HTTP checks against the environment URL',
    `# below${started}; the first is retried until it passes or`,
    '# 120 seconds pass. Point it at your health endpoint (e.g. /healthz).',
    'smoke:',
    '  checks:',
    '    - name: home',
    '      path: /',
    '      expect: { status: 200 }'
  ]
}

function environmentsSection(): string[] {
  return [
    '# Put your URLs here. Staging and production must not share a host:',
    '# a rehearsal that could reach production is refused.',
    'environments:',
    '  staging:',
    `    url: ${PLACEHOLDER_URLS.staging}`,
    '  production:',
    `    url: ${PLACEHOLDER_URLS.production}`,
    '    requires: [staging] # promoted only after staging passed this code',
    '    soak-minutes: 0 # raise it to let each release run in staging first',
    ''
  ]
}
