import { describe, expect, it } from '@jest/globals'
import { hostsIn } from '../../src/boundary/hosts.js'

describe('hostsIn', () => {
  it.each<[string, string[]]>([
    ['https://api.example.com/v1', ['api.example.com']],
    ['https://API.Example.COM./v1', ['api.example.com']],
    [
      'postgres://app:pw@db.prod.example.com:5432/shop',
      ['db.prod.example.com']
    ],
    [
      'postgres://app:p%40ss@db1.example.com:5432,db2.example.com:5433/shop',
      ['db1.example.com', 'db2.example.com']
    ],
    ['redis://:secret@cache.example.com', ['cache.example.com']],
    ['db.prod.example.com', ['db.prod.example.com']],
    ['db.prod.example.com:5432', ['db.prod.example.com']],
    ['ssh deploy@web1.example.com uptime', ['web1.example.com']],
    ['curl -H "Host: api.example.com" $URL', ['api.example.com']],
    ['HOSTS=a.example.com,b.example.com', ['a.example.com', 'b.example.com']],
    ['http://localhost:8081/healthz', ['localhost:8081']],
    ['https://localhost/', ['localhost:443']],
    ['curl localhost:8081', ['localhost:8081']],
    ['http://[::1]:9000', ['[::1]:9000']],
    ['http://10.0.0.5:8080', ['10.0.0.5']]
  ])('finds the hosts in %j', (text, hosts) => {
    expect(hostsIn(text)).toEqual(hosts)
  })

  it.each([
    '1.2.3',
    'v1.2.3',
    '20.11.1',
    '42',
    './deploy/apply.sh',
    'bash deploy.sh',
    'config.json app.yaml server.js',
    'localhost',
    'https://${HOST}/path',
    'echo done'
  ])('finds no host in %j', text => {
    expect(hostsIn(text)).toEqual([])
  })

  it('finds bare IPv4 addresses only when asked (a version may look like one)', () => {
    expect(hostsIn('psql -h 10.0.0.5')).toEqual([])
    expect(hostsIn('psql -h 10.0.0.5', { bareIps: true })).toEqual(['10.0.0.5'])
    expect(hostsIn('999.1.1.1', { bareIps: true })).toEqual([])
  })
})
