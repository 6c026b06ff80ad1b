// A small shop with everything a refresh meets: a self-reference, a
// composite key, a table without a primary key, personal columns of many
// types, free text with emails in it, and run-migrations' history table.

export type Dialect = 'postgres' | 'mysql'

const serial = (d: Dialect) =>
  d === 'postgres' ? 'serial primary key' : 'int auto_increment primary key'
const at = (d: Dialect) => (d === 'postgres' ? 'timestamptz' : 'datetime')
const ip = (d: Dialect) => (d === 'postgres' ? 'inet' : 'varchar(45)')
const engine = (d: Dialect) => (d === 'postgres' ? '' : ' engine=InnoDB')

/** The schema, one statement each, in an order that creates it. */
export function shopSchema(d: Dialect): string[] {
  return [
    `create table rehearse_migrations (version varchar(50) not null primary key, name varchar(200) not null, checksum char(64) not null, status varchar(10) not null, applied_at ${at(d)} not null default current_timestamp, duration_ms integer not null default 0, applied_by varchar(500) not null default '', error text)${engine(d)}`,
    `create table users (id ${serial(d)}, email varchar(200) not null unique, full_name varchar(120) not null, phone varchar(40), birth_date date, country char(2) not null, plan varchar(10) not null default 'free', referrer_id int, created_at ${at(d)} not null, foreign key (referrer_id) references users (id))${engine(d)}`,
    `create table addresses (id ${serial(d)}, user_id int not null, street varchar(200) not null, city varchar(100) not null, zip varchar(12) not null, foreign key (user_id) references users (id))${engine(d)}`,
    `create table products (id ${serial(d)}, sku varchar(40) not null unique, title varchar(200) not null, price decimal(10,2) not null)${engine(d)}`,
    `create table orders (id ${serial(d)}, user_id int not null, address_id int, total decimal(10,2) not null, note text, placed_at ${at(d)} not null, foreign key (user_id) references users (id), foreign key (address_id) references addresses (id))${engine(d)}`,
    `create table order_items (order_id int not null, product_id int not null, quantity int not null, primary key (order_id, product_id), foreign key (order_id) references orders (id), foreign key (product_id) references products (id))${engine(d)}`,
    `create table login_events (user_id int not null, ip_address ${ip(d)}, happened_at ${at(d)} not null, foreign key (user_id) references users (id))${engine(d)}`
  ]
}

/** Migration history: the schema is at version `head`. */
export function historyRows(head: number): string {
  const rows = Array.from(
    { length: head },
    (_, i) => `('${i + 1}', 'step_${i + 1}', '${'0'.repeat(64)}', 'success')`
  )
  return `insert into rehearse_migrations (version, name, checksum, status) values ${rows.join(', ')}`
}

/** Deterministic numbers for test data. */
function lcg(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

const GIVEN = [
  'Zebulon',
  'Quirinus',
  'Thaddeus',
  'Ottoline',
  'Perpetua',
  'Wilhelmina',
  'Bartholomew',
  'Cordelia'
]
const FAMILY = [
  'Quartermaine',
  'Fotheringay',
  'Ravenscroft',
  'Haverbrook',
  'Winterbottom',
  'Pemberton'
]

export interface ShopSize {
  readonly users: number
  readonly products: number
  readonly ordersPerUser: number
}

const q = (text: string): string => `'${text.replace(/'/g, "''")}'`
const time = (base: number, i: number): string =>
  q(
    new Date(Date.UTC(2023, 0, 1) + (base + i) * 3_600_000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ')
  )

/** INSERT statements of the shop's rows (deterministic for a size). */
export function shopRows(size: ShopSize, prefix = 'prod'): string[] {
  const random = lcg(42)
  const users = Array.from({ length: size.users }, (_, i) => {
    const given = GIVEN[i % GIVEN.length] as string
    const family = FAMILY[
      Math.floor(i / GIVEN.length) % FAMILY.length
    ] as string
    const phone =
      random() < 0.8
        ? q(
            `+44 20 79${String(1000000 + i).slice(1, 3)} ${String(10000 + i * 7).slice(-4)}`
          )
        : 'null'
    const birth = q(
      `19${50 + (i % 50)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`
    )
    const referrer =
      i > 10 && random() < 0.3 ? String(1 + Math.floor(random() * i)) : 'null'
    return `(${i + 1}, ${q(`${given.toLowerCase()}.${family.toLowerCase()}.${i}@${prefix}-mail.test`)}, ${q(`${given} ${family}-${i}`)}, ${phone}, ${birth}, ${q(i % 3 ? 'GB' : 'FR')}, ${q(i % 4 ? 'free' : 'pro')}, ${referrer}, ${time(0, i)})`
  })
  const addresses = Array.from(
    { length: size.users },
    (_, i) =>
      `(${i + 1}, ${i + 1}, ${q(`${i + 10} ${FAMILY[i % FAMILY.length]} Boulevard`)}, ${q(`Upper ${GIVEN[i % GIVEN.length]}ton`)}, ${q(`ZX${String((i % 90) + 10)} ${i % 9}QR`)})`
  )
  const products = Array.from(
    { length: size.products },
    (_, i) =>
      `(${i + 1}, ${q(`SKU-${1000 + i}`)}, ${q(`Widget ${i}`)}, ${(5 + i * 1.25).toFixed(2)})`
  )
  const orders: string[] = []
  const items: string[] = []
  const events: string[] = []
  for (let u = 0; u < size.users; u++) {
    for (let k = 0; k < size.ordersPerUser; k++) {
      const id = orders.length + 1
      const note =
        random() < 0.3
          ? q(
              `please call ${GIVEN[u % GIVEN.length]?.toLowerCase()}.${u}@${prefix}-mail.test before delivery`
            )
          : 'null'
      orders.push(
        `(${id}, ${u + 1}, ${random() < 0.8 ? u + 1 : 'null'}, ${(10 + (id % 90)).toFixed(2)}, ${note}, ${time(1000, id)})`
      )
      const first = id % size.products
      items.push(
        `(${id}, ${first + 1}, ${1 + (id % 3)})`,
        `(${id}, ${((first + 7) % size.products) + 1}, 1)`
      )
    }
    events.push(
      `(${u + 1}, ${q(`203.0.${Math.floor(u / 250)}.${(u % 250) + 1}`)}, ${time(2000, u)})`
    )
    if (u % 2) events.push(`(${u + 1}, null, ${time(3000, u)})`)
  }
  return [
    `insert into users (id, email, full_name, phone, birth_date, country, plan, referrer_id, created_at) values ${users.join(', ')}`,
    `insert into addresses (id, user_id, street, city, zip) values ${addresses.join(', ')}`,
    `insert into products (id, sku, title, price) values ${products.join(', ')}`,
    `insert into orders (id, user_id, address_id, total, note, placed_at) values ${orders.join(', ')}`,
    `insert into order_items (order_id, product_id, quantity) values ${items.join(', ')}`,
    `insert into login_events (user_id, ip_address, happened_at) values ${events.join(', ')}`
  ]
}

/** The columns the plan masks, by table (what must never reach the target). */
export const MASKED = {
  users: ['email', 'full_name', 'phone'],
  addresses: ['street', 'city', 'zip'],
  orders: ['note'],
  login_events: ['ip_address']
} as const

export const DATA_SECTION = `data:
  source-url-env: PRODUCTION_REPLICA_URL
  seed: 7
  tables:
    users:
      subset: { percent: 30 }
      columns:
        email: fake
        full_name: fake
        phone: hash
        birth_date: fake
        plan: keep
    addresses:
      columns:
        street: fake
        city: fake
        zip: { fake: postcode }
    products:
      rows: 60
    orders:
      columns:
        note: null
    login_events:
      columns:
        ip_address: fake
`
