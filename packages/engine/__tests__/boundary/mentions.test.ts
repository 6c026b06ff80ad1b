import { describe, expect, it } from '@jest/globals'
import { mentionedIdentities } from '../../src/boundary/mentions.js'

// Every word is a candidate; the check keeps those production names. These
// tables show the identity a bypass spelling arrives at.
describe('mentionedIdentities', () => {
  it.each<[string, string]>([
    ['curl https://www%2Eacme-shop%2Etest/', 'www.acme-shop.test'],
    ['curl http://167772163/', '10.0.0.3'],
    ['curl http://0xA000003/', '10.0.0.3'],
    ['psql -h 167772163', '10.0.0.3'],
    ['ping 0x0a.0.0.3', '10.0.0.3'],
    ['curl http://[::ffff:10.0.0.3]/', '10.0.0.3'],
    ['curl localhost:4302/healthz', 'loopback:4302'],
    ['curl http://0:4302/', 'loopback:4302'],
    ['curl 0:4302', 'loopback:4302'],
    ['ssh -p 22 ops@[::1]:22', 'loopback:22'],
    ['redis-cli -h ::1', 'loopback'],
    ['https://xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['see bücher.example.', 'xn--bcher-kva.example'],
    ['psql -h prod-db', 'prod-db'],
    ['psql -hprod-db', 'prod-db'],
    ['pg_dump --host=PROD-DB', 'prod-db'],
    ['scp dump.sql deploy@prod-db:/srv/', 'prod-db'],
    ['rsync -a x prod-db:backup/', 'prod-db'],
    ['psql -h "prod"-db', 'prod-db'],
    ['psql -h pr\\od-db', 'prod-db'],
    ['HOSTS=[prod-db, x]', 'prod-db'],
    ['mysql -h db.acme.pl', 'db.acme.pl'],
    ['curl //www.acme-shop.test/x', 'www.acme-shop.test'],
    ['mysql://u@prod-db@staging-db/shop', 'prod-db']
  ])('%j reaches %j', (text, identity) => {
    expect(mentionedIdentities(text)).toContain(identity)
  })

  it.each<[string, string]>([
    ['./deploy/app.sh', 'app'],
    ['bash deploy/app.sh', 'app'],
    ['https://staging.test/example.com', 'example.com'],
    ['https://staging.example.com', 'example.com'],
    ['curl http://localhost:4301', 'loopback'],
    ['curl localhost:4301', 'loopback'],
    ['REPLICAS=0', 'loopback'],
    ['curl https://localhost/', 'loopback'],
    ['postgres://shop:hunter2@db.staging.test/shop', 'hunter2']
  ])('%j does not reach %j', (text, identity) => {
    expect(mentionedIdentities(text)).not.toContain(identity)
  })
})
