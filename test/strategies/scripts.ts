import type { Site } from './sites.js'

export type StrategyKind = 'direct' | 'canary' | 'blue-green'

// Every script logs what it did to .world/<environment>/steps.log, the one
// timeline a test reads; artifacts live in .world/registry/<artifact>.
const PRELUDE = `#!/usr/bin/env bash
set -euo pipefail
w=".world/$REHEARSE_ENVIRONMENT"
image=".world/registry/$REHEARSE_ARTIFACT"
mkdir -p "$w"
log() { echo "$*" >> "$w/steps.log"; }
`

// Staging builds the artifact once; production only runs what was built.
const BUILD = `if [[ ! -d "$image" ]]; then
  if [[ "$REHEARSE_ENVIRONMENT" == production ]]; then
    echo "$REHEARSE_ARTIFACT was never built" >&2
    exit 1
  fi
  mkdir -p "$image" && cp -R app/. "$image/" && echo "$REHEARSE_SHA" > "$image/SHA"
fi
`

// A flag file in the environment's own state makes its deploy fail.
const FAILS = `if [[ -f "$w/deploy-fails" ]]; then
  echo "deploy to $REHEARSE_ENVIRONMENT failed: $(cat "$w/deploy-fails")" >&2
  exit 1
fi
`

const deploy = (kind: StrategyKind): string => {
  const into = {
    direct: '"$w/running"',
    canary: '"$w/canary"',
    'blue-green': '"$w/$REHEARSE_SLOT"'
  }[kind]
  const slot = kind === 'blue-green' ? ' $REHEARSE_SLOT' : ''
  return `${PRELUDE}log "deploy $REHEARSE_SHA $REHEARSE_ARTIFACT${slot}"
${FAILS}${BUILD}echo "$image" > ${into}
`
}

/** Brings back REHEARSE_ARTIFACT; `slow` first drains for 3 s. */
export const rollbackScript = (how: 'good' | 'slow' | 'forgetful'): string => {
  const head = `${PRELUDE}log "rollback $REHEARSE_SHA $REHEARSE_ARTIFACT from $REHEARSE_ROLLBACK_FROM"
`
  if (how === 'forgetful')
    return `${head}# Stops what runs, and forgets to start the previous release.
rm -f "$w/running" "$w/canary"
`
  return `${head}${how === 'slow' ? 'sleep 3\n' : ''}[[ -d "$image" ]] || { echo "no artifact $REHEARSE_ARTIFACT" >&2; exit 1; }
rm -f "$w/canary"
echo 0 > "$w/traffic"
echo "$image" > "$w/running"
`
}

const TRAFFIC = `${PRELUDE}log "traffic $REHEARSE_TRAFFIC_PERCENT"
if [[ "$REHEARSE_TRAFFIC_PERCENT" == 100 && -f "$w/canary" ]]; then
  mv "$w/canary" "$w/running"
  echo 0 > "$w/traffic"
else
  echo "$REHEARSE_TRAFFIC_PERCENT" > "$w/traffic"
fi
`

// The error rate "from monitoring": what the test wrote, else 0.1 %.
const METRIC = `${PRELUDE}log "metric $REHEARSE_TRAFFIC_PERCENT"
cat "$w/error-rate" 2>/dev/null || echo 0.001
`

const SWITCH = `${PRELUDE}log "switch $REHEARSE_SLOT from \${REHEARSE_PREVIOUS_SLOT:-none} $REHEARSE_SHA"
echo "$REHEARSE_SLOT" > "$w/live"
`

/** The scripts a plan of this kind runs (paths in the repository). */
export function scriptsFor(kind: StrategyKind): Record<string, string> {
  return {
    '.gitignore': '.world/\n',
    'app/release.txt': 'release 1\n',
    'deploy/deploy.sh': deploy(kind),
    // blue-green goes back by switching: plans of it have no rollback steps.
    ...(kind === 'blue-green'
      ? {}
      : { 'deploy/rollback.sh': rollbackScript('good') }),
    ...(kind === 'canary'
      ? { 'deploy/traffic.sh': TRAFFIC, 'deploy/metric.sh': METRIC }
      : {}),
    ...(kind === 'blue-green' ? { 'deploy/switch.sh': SWITCH } : {})
  }
}

export interface PlanOptions {
  readonly kind: StrategyKind
  readonly sites: { readonly staging: Site; readonly production: Site }
  /** The plan has `rollback:` steps. */
  readonly rollback?: boolean
  readonly migrations?: boolean
  /** Adds a sampled /search check (latency against the baseline). */
  readonly search?: boolean
  /** Extra YAML lines of environments.production. */
  readonly production?: readonly string[]
}

const STRATEGY: Record<StrategyKind, string> = {
  direct: '',
  canary: `strategy:
  type: canary
  steps: [10, 50, 100]
  pause-seconds: 0
  traffic:
    - name: Traffic
      run: ./deploy/traffic.sh
  metric: { run: ./deploy/metric.sh, max: 0.05 }
`,
  'blue-green': `strategy:
  type: blue-green
  switch:
    - name: Switch
      run: ./deploy/switch.sh
`
}

function environment(name: string, site: Site, kind: StrategyKind): string {
  const slots =
    kind === 'blue-green'
      ? `    slots: { blue: { url: "${site.slots.blue}" }, green: { url: "${site.slots.green}" } }\n`
      : ''
  return `  ${name}:\n    url: ${site.url}\n${slots}`
}

const ROLLBACK = `rollback:
  - name: Roll back
    run: ./deploy/rollback.sh
`

const MIGRATIONS = `migrations:
  tool: sql
  dir: db/migrations
`

// No waiting for health: a failing check fails at once.
const SMOKE = `smoke:
  wait-for-healthy: { deadline-seconds: 0 }
  baseline: { max-p95-ratio: 2, min-slowdown-ms: 600 }
  checks:
    - { name: health, path: /healthz, expect: { json: { ok: true } } }
`

/** The deployment plan of a test world. */
export function planOf(options: PlanOptions): string {
  const { kind, sites } = options
  const production = ['requires: [staging]', ...(options.production ?? [])]
  return [
    'version: 1\nartifact: shop-${{ sha }}\n',
    'deploy:\n  - name: Deploy\n    run: ./deploy/deploy.sh\n',
    options.rollback ? ROLLBACK : '',
    STRATEGY[kind],
    'environments:\n',
    environment('staging', sites.staging, kind),
    environment('production', sites.production, kind),
    ...production.map(line => `    ${line}\n`),
    options.migrations ? MIGRATIONS : '',
    SMOKE,
    options.search ? '    - { name: search, path: /search, samples: 10 }\n' : ''
  ].join('')
}
