import { describe, expect, it } from '@jest/globals'
import { hostsIn } from '../../src/boundary/production-hosts.js'

describe('hostsIn (what a production value names)', () => {
  it.each<[string, string, string[]]>([
    ['API_URL', 'https://api.example.com/v1', ['api.example.com']],
    ['DATABASE_URL', 'postgres://u:pw@prod-db:5432/shop', ['prod-db']],
    ['DB_HOST', 'db.prod.example.com', ['db.prod.example.com']],
    ['X', 'db.prod.example.com:5432', ['db.prod.example.com']],
    ['CMD', 'ssh deploy@web1.example.com uptime', ['web1.example.com']],
    ['CMD', 'curl -H "Host: api.example.com" $URL', ['api.example.com']],
    [
      'X',
      'HOSTS=a.example.com,b.example.com',
      ['a.example.com', 'b.example.com']
    ],
    ['CMD', 'curl localhost:8081', ['loopback:8081']],
    ['CMD', 'psql -h 10.0.0.5', ['10.0.0.5']],
    ['PRIMARY', 'bücher.example', ['xn--bcher-kva.example']],
    ['DB_HOST', 'prod-db', ['prod-db']],
    ['PGHOST', 'prod-db', ['prod-db']],
    ['HOSTNAME', 'prod-db.', ['prod-db']],
    ['DB', 'prod-db', ['prod-db']],
    ['DB_HOST', 'db.acme.pl', ['db.acme.pl']],
    ['API_ENDPOINT', 'api.acme.sh:443', ['api.acme.sh']],
    ['DB_HOST', '167772163', ['10.0.0.3']],
    ['DB_HOSTS', 'db1, db2', ['db1', 'db2']],
    ['DB_HOST', 'localhost', ['loopback']],
    ['DB_HOST', '127.0.0.1', ['loopback']],
    ['CMD', 'curl http://[::1]:4302/', ['loopback:4302']]
  ])('%s: %j names %j', (variable, text, hosts) => {
    expect(hostsIn(text, variable)).toEqual(hosts)
  })

  it.each<[string, string]>([
    ['VERSION', '1.2.3'],
    ['VERSION', 'v1.2.3'],
    ['VERSION', '1.2.3-beta'],
    ['NODE', '20.11.1'],
    ['REPLICAS', '42'],
    ['PORT', '4302'],
    ['SCRIPT', './deploy/apply.sh'],
    ['CMD', 'bash deploy.sh'],
    ['FILES', 'config.json app.yaml server.js'],
    ['ENTRY', 'server.js'],
    ['PRIMARY', 'db.acme.pl'],
    ['LOG_LEVEL', 'debug'],
    ['DB_NAME', 'shop'],
    ['POSTGRES_DB', 'shop'],
    ['DB_USER', 'shop'],
    ['SECURITY', 'strict'],
    ['BIND_HOST', '0.0.0.0'],
    ['CMD', 'localhost'],
    ['NO_PROXY', '127.0.0.1,localhost,[::1]'],
    ['URL', 'https://${HOST}/path'],
    ['API_ENDPOINT', 'POST /v1/orders'],
    ['CMD', 'echo done']
  ])('%s: %j names no host', (variable, text) => {
    expect(hostsIn(text, variable)).toEqual([])
  })
})
