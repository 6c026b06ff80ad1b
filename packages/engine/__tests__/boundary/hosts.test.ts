import { describe, expect, it } from '@jest/globals'
import { hostIdentity } from '../../src/boundary/hosts.js'
import { entryIdentities, urlAuthorities } from '../../src/boundary/urls.js'

describe('hostIdentity', () => {
  it.each<[string, number | undefined, string]>([
    ['API.Example.COM.', undefined, 'api.example.com'],
    ['www%2Eacme-shop%2Etest', undefined, 'www.acme-shop.test'],
    ['%77ww.acme-shop.test', undefined, 'www.acme-shop.test'],
    ['bücher.example', undefined, 'xn--bcher-kva.example'],
    ['BÜCHER.Example.', undefined, 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', undefined, 'xn--bcher-kva.example'],
    ['www\u3002acme-shop\uff0etest', undefined, 'www.acme-shop.test'],
    ['acme\u00ad-shop.test', undefined, 'acme-shop.test'],
    ['prod-db', undefined, 'prod-db'],
    ['prod_db', undefined, 'prod_db'],
    ['167772163', undefined, '10.0.0.3'],
    ['167838211', undefined, '10.1.2.3'],
    ['0xA000003', undefined, '10.0.0.3'],
    ['0x0a.0.0.3', undefined, '10.0.0.3'],
    ['012.0.0.03', undefined, '10.0.0.3'],
    ['10.3', undefined, '10.0.0.3'],
    ['10.0.3', undefined, '10.0.0.3'],
    ['10.0.0.3.', undefined, '10.0.0.3'],
    ['[::ffff:10.0.0.3]', undefined, '10.0.0.3'],
    ['[::ffff:a00:3]', undefined, '10.0.0.3'],
    ['[2001:DB8:0:0::1]', undefined, '[2001:db8::1]'],
    ['localhost', 4302, 'loopback:4302'],
    ['LOCALHOST.', 4302, 'loopback:4302'],
    ['app.localhost', 4302, 'loopback:4302'],
    ['localhost.localdomain', 4302, 'loopback:4302'],
    ['ip6-localhost', 4302, 'loopback:4302'],
    ['127.000.000.001', 4302, 'loopback:4302'],
    ['0177.0.0.1', 4302, 'loopback:4302'],
    ['\uff11\uff12\uff17.0.0.1', 4302, 'loopback:4302'],
    ['127.0.0.1', 4302, 'loopback:4302'],
    ['127.9.9.9', 4302, 'loopback:4302'],
    ['127.1', 4302, 'loopback:4302'],
    ['2130706433', 4302, 'loopback:4302'],
    ['0x7f000001', 4302, 'loopback:4302'],
    ['[::1]', 4302, 'loopback:4302'],
    ['[0:0:0:0:0:0:0:1]', 4302, 'loopback:4302'],
    ['[::ffff:127.0.0.1]', 4302, 'loopback:4302'],
    ['0.0.0.0', 4302, 'loopback:4302'],
    ['[::]', 4302, 'loopback:4302'],
    ['localhost', undefined, 'loopback'],
    ['127.0.0.1', undefined, 'loopback']
  ])('%j on port %j is %j', (host, port, identity) => {
    expect(hostIdentity(host, port)).toBe(identity)
  })

  it.each([
    '',
    'a b',
    'prod-db:5432',
    'user@prod-db',
    'a/b',
    '${HOST}',
    '*.example.com',
    'v1.2.3',
    'a%2Fb',
    'xn--zz',
    '-hprod-db',
    '[::1',
    '0.0.0.0',
    '[::]'
  ])('%j is no host (0.0.0.0 without a port is a bind address)', host => {
    expect(hostIdentity(host)).toBeUndefined()
  })
})

describe('urlAuthorities', () => {
  it.each<[string, string[]]>([
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
    ['http://localhost:8081/healthz', ['loopback:8081']],
    ['https://localhost/', ['loopback:443']],
    ['http://[::1]:9000', ['loopback:9000']],
    ['postgres://localhost/shop', ['loopback:5432']],
    ['postgresql://127.0.0.1/shop', ['loopback:5432']],
    ['mysql://[::1]/shop', ['loopback:3306']],
    ['mariadb://localhost/shop', ['loopback:3306']],
    ['redis://0.0.0.0', ['loopback:6379']],
    ['custom://localhost/x', ['loopback']],
    ['http://10.0.0.5:8080', ['10.0.0.5']],
    ['https://www%2Eacme-shop%2Etest/', ['www.acme-shop.test']],
    ['http:\\\\www.acme-shop.test\\x', ['www.acme-shop.test']],
    ['see (https://a.example.com), then', ['a.example.com']],
    ['jdbc:postgresql://db.example.com/shop', ['db.example.com']]
  ])('%j names %j', (text, identities) => {
    expect(urlAuthorities(text).flatMap(url => url.identities)).toEqual(
      identities
    )
  })
})

describe('entryIdentities (a hosts: entry)', () => {
  it.each<[string, string[]]>([
    ['db.internal', ['db.internal']],
    ['10.0.0.3', ['10.0.0.3']],
    ['127.0.0.1:5432', ['loopback:5432']],
    ['[::1]:5432', ['loopback:5432']],
    ['db.acme.pl:5432', ['db.acme.pl']],
    ['prod-db', ['prod-db']],
    ['not a host', []]
  ])('%j is %j', (entry, identities) => {
    expect(entryIdentities(entry)).toEqual(identities)
  })
})
