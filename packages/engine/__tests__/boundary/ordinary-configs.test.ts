import { afterAll, describe, expect, it } from '@jest/globals'
import { fileURLToPath } from 'node:url'
import { checkBoundary } from '../../src/boundary/check-boundary.js'
import { loadPlan } from '../../src/plan/load-plan.js'
import { removeWorkspaces, violations } from './boundary-plan.js'
import type { Edit } from './boundary-plan.js'

afterAll(removeWorkspaces)

const demoApp = fileURLToPath(
  new URL('../../../../workflows-examples/demo-app', import.meta.url)
)

describe('the demo app (staging on localhost:4301, production on 127.0.0.1:4302)', () => {
  const demo = loadPlan({
    workspace: demoApp,
    file: '.github/rehearse.yml',
    environment: 'staging'
  })

  it('passes, with the smoke URL it uses', () => {
    const smoke = {
      where: 'smoke URL (input "url")',
      text: 'http://localhost:4301/'
    }
    expect(checkBoundary(demo, 'staging', [smoke])).toEqual([])
  })

  it('is refused when staging is pointed at production’s port', () => {
    const smoke = {
      where: 'smoke URL (input "url")',
      text: 'http://localhost:4302/'
    }
    expect(checkBoundary(demo, 'staging', [smoke])).toEqual([
      {
        environment: 'staging',
        where: 'smoke URL (input "url")',
        host: 'loopback:4302',
        productionSource: 'environments.production.url'
      }
    ])
  })
})

// Ordinary configurations that share words, file names, versions, database
// names and bind addresses with production, but no host.
describe('checkBoundary does not refuse', () => {
  it.each<[string, Edit]>([
    [
      'a subdomain of production (staging.example.com vs example.com)',
      plan => {
        plan.environments.staging.env.SITE = 'staging.example.com'
      }
    ],
    [
      'the same log level',
      plan => {
        plan.environments.production.env.LOG_LEVEL = 'debug'
        plan.environments.staging.env.LOG_LEVEL = 'debug'
      }
    ],
    [
      'the same entry file',
      plan => {
        plan.environments.production.env.ENTRY = 'server.js'
        plan.environments.staging.env.ENTRY = 'server.js'
        plan.deploy.push({ run: 'node server.js' })
      }
    ],
    [
      'the same database name and user (not hosts)',
      plan => {
        for (const env of ['production', 'staging'] as const) {
          Object.assign(plan.environments[env].env, {
            DB_NAME: 'shop',
            POSTGRES_DB: 'shop',
            DB_USER: 'shop'
          })
        }
        plan.deploy.push({ run: 'psql -d shop -U shop -c "select 1"' })
      }
    ],
    [
      'the same bind address, each on its own port',
      plan => {
        Object.assign(plan.environments.production.env, {
          HOST: '0.0.0.0',
          PORT: '4302'
        })
        Object.assign(plan.environments.staging.env, {
          HOST: '0.0.0.0',
          PORT: '4301'
        })
      }
    ],
    [
      'versions and counts',
      plan => {
        Object.assign(plan.environments.production.env, {
          VERSION: '1.2.3-beta',
          NODE: '20.11.1',
          WORKERS: '0'
        })
        Object.assign(plan.environments.staging.env, {
          VERSION: '1.2.3-beta',
          NODE: '20.11.1',
          WORKERS: '0'
        })
      }
    ],
    [
      // A single-label production host is matched as a whole word: the
      // file deploy/app.sh is not the host app (the word "app" would be).
      'a script whose name contains a single-label production host',
      (plan, files) => {
        files['deploy/app.sh'] = '#!/bin/bash\necho app\n'
        plan.environments.production.env.DB_HOST = 'app'
        plan.deploy.push({ run: 'bash ./deploy/app.sh' })
        plan.deploy.push({ run: 'bash deploy/app.sh --config app.yaml' })
      }
    ],
    [
      'a path segment that equals a production host',
      plan => {
        plan.environments.production.env.DB_HOST = 'shop'
        plan.deploy.push({ run: 'cd /srv/shop/releases && ls' })
      }
    ],
    [
      'staging’s own loopback port, or a bare localhost, next to production’s',
      plan => {
        plan.environments.production.url = 'http://127.0.0.1:4302'
        plan.environments.staging.url = 'http://localhost:4301'
        plan.environments.staging.env.HOST = 'localhost'
        plan.deploy.push({ run: 'curl -fsS localhost:4301/healthz' })
      }
    ],
    [
      'a file name that looks like a production domain with a file-extension TLD',
      plan => {
        plan.environments.production.env.DB_HOST = 'db.acme.pl'
        plan.deploy.push({ run: 'perl scripts/db.acme.pl.bak' })
      }
    ]
  ])('%s', (_title, edit) => {
    expect(violations(edit)).toEqual([])
  })

  it('but does refuse the bare word of a single-label production host (strict)', () => {
    const found = violations(plan => {
      plan.environments.production.env.DB_HOST = 'app'
      plan.deploy.push({ run: 'docker compose restart app' })
    })
    expect(found).toEqual([
      {
        where: 'deploy[2].run',
        host: 'app',
        productionSource: 'environments.production.env.DB_HOST'
      }
    ])
  })
})
