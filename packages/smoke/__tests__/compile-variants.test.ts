import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import { compileSmokeConfig } from '../src/config/compile-config.js'
import { planWithSmoke } from './plan-helpers.js'

const PLAN = '.github/rehearse.yml'
// The first check is the health check: it may not have variants.
const HEALTH = '    - { name: health, path: /healthz }\n'

const FLAGS = `  flags:
    new-checkout:
      header: X-Feature-New-Checkout
      variants: { on: "1", off: "0" }
    theme:
      cookie: theme
      variants: { dark: dark, light: light, contrast: hc }
    beta:
      query: beta
      variants: { yes: true, no: 0 }
`

function compile(smoke: string) {
  return compileSmokeConfig(planWithSmoke(smoke).plan, {})
}

function problemsOf(smoke: string): string {
  try {
    compile(smoke)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return (error as Error).message
  }
  throw new Error('the checks were accepted')
}

describe('compileSmokeConfig with feature-flag variants', () => {
  it('runs a check once per variant of its flag, named after the variant', () => {
    const config = compile(
      `${FLAGS}  checks:\n    - { name: health, path: /healthz }\n    - { name: checkout, path: /checkout, variants: [new-checkout] }\n    - { name: home, path: / }\n`
    )
    expect(config.checks.map(check => check.name)).toEqual([
      'health',
      'checkout [new-checkout=on]',
      'checkout [new-checkout=off]',
      'home'
    ])
    expect(config.checks[0]?.variant).toBeUndefined()
    expect(config.checks[1]).toMatchObject({
      index: 1,
      path: '/checkout',
      variant: {
        check: 'checkout',
        label: 'new-checkout=on',
        choices: [
          {
            flag: 'new-checkout',
            variant: 'on',
            selector: 'header',
            key: 'x-feature-new-checkout',
            value: '1'
          }
        ]
      }
    })
  })

  it('runs a check of several flags once per combination, the first flag slowest', () => {
    const config = compile(
      `${FLAGS}  checks:\n${HEALTH}    - { name: cart, path: /cart, variants: [beta, theme] }\n`
    )
    expect(config.checks.map(check => check.variant?.label)).toEqual([
      undefined,
      'beta=yes, theme=dark',
      'beta=yes, theme=light',
      'beta=yes, theme=contrast',
      'beta=no, theme=dark',
      'beta=no, theme=light',
      'beta=no, theme=contrast'
    ])
    expect(config.checks[4]?.name).toBe('cart [beta=no, theme=dark]')
    // YAML numbers and booleans are sent as their text.
    expect(config.checks[1]?.variant?.choices[0]?.value).toBe('true')
    expect(config.checks[4]?.variant?.choices[0]?.value).toBe('0')
  })

  it('runs every check of a flow with variants once per variant', () => {
    const config = compile(
      `${FLAGS}  checks:\n${HEALTH}    - { name: log in, flow: shop, path: /login, variants: [theme], capture: { t: { json: t } } }\n    - { name: pay, flow: shop, path: "/pay/\${{ captured.t }}", variants: [theme] }\n`
    )
    expect(config.checks.map(check => check.name)).toEqual([
      'health',
      'log in [theme=dark]',
      'log in [theme=light]',
      'log in [theme=contrast]',
      'pay [theme=dark]',
      'pay [theme=light]',
      'pay [theme=contrast]'
    ])
    expect(config.checks.slice(1).every(c => c.flow === 'shop')).toBe(true)
  })

  it.each([
    [
      'an unknown flag',
      '    - { name: a, path: /, variants: [new-checkout, dark-mode] }\n',
      `${PLAN}: smoke.checks[1].variants[1]: "dark-mode" is not a flag of smoke.flags (known: new-checkout, theme, beta); declare it under "smoke: flags:" with its header, cookie or query parameter and its variants`
    ],
    [
      'a header the flag also sets',
      '    - { name: a, path: /, headers: { x-feature-new-checkout: "1" }, variants: [new-checkout] }\n',
      `${PLAN}: smoke.checks[1].headers.x-feature-new-checkout: is also the header of flag "new-checkout", which sends each variant's value; remove it here`
    ],
    [
      'a query parameter the flag also sets',
      '    - { name: a, path: "/search?q=x&beta=1", variants: [beta] }\n',
      `${PLAN}: smoke.checks[1].path: already sets the query parameter "beta" of flag "beta", which sends each variant's value; remove it here`
    ],
    [
      'checks of one flow listing different variants',
      '    - { name: a, flow: f, path: /, variants: [theme] }\n    - { name: b, flow: f, path: / }\n',
      `${PLAN}: smoke.checks[2].variants: lists none, but smoke.checks[1] ("a") of the same flow "f" lists [theme]; a flow runs as a whole once per variant, so every check of it must list the same variants`
    ],
    [
      'a plain check named like a variant run',
      '    - { name: a, path: /, variants: [new-checkout] }\n    - { name: "a [new-checkout=on]", path: / }\n',
      `${PLAN}: smoke.checks[2].name: "a [new-checkout=on]" is also the name of a variant run of smoke.checks[1]; rename it (the baseline matches checks by name)`
    ]
  ])('refuses %s', (_case, checks, expected) => {
    expect(problemsOf(`${FLAGS}  checks:\n${HEALTH}${checks}`)).toContain(
      expected
    )
  })

  it('refuses variants when the plan declares no flags', () => {
    expect(
      problemsOf(
        `  checks:\n${HEALTH}    - { name: a, path: /, variants: [beta] }\n`
      )
    ).toBe(
      `${PLAN}: smoke.checks[1].variants[0]: "beta" is not a flag of smoke.flags (it declares none); declare it under "smoke: flags:" with its header, cookie or query parameter and its variants`
    )
  })

  it('refuses more than 16 runs of one check', () => {
    const many = `  flags:\n    a: { header: X-A, variants: { v1: "1", v2: "2", v3: "3" } }\n    b: { header: X-B, variants: { v1: "1", v2: "2", v3: "3" } }\n    c: { header: X-C, variants: { v1: "1", v2: "2" } }\n`
    expect(
      problemsOf(
        `${many}  checks:\n${HEALTH}    - { name: a, path: /, variants: [a, b, c] }\n`
      )
    ).toBe(
      `${PLAN}: smoke.checks[1].variants: [a, b, c] make 18 runs of this check; at most 16 are allowed. List fewer flags, or split it into checks of a few flags each`
    )
  })

  it.each([
    [
      'no selector',
      'f: { variants: { on: "1", off: "0" } }',
      'smoke.flags.f: give exactly one of header, cookie or query: how a request selects the variant'
    ],
    [
      'two selectors',
      'f: { header: X-F, cookie: f, variants: { on: "1", off: "0" } }',
      'smoke.flags.f: give exactly one of header, cookie or query: how a request selects the variant (found header and cookie)'
    ],
    [
      'a header value that would split the header',
      'f: { header: X-F, variants: { on: "1\\r\\nX-Evil: 1", off: "0" } }',
      'smoke.flags.f.variants.on: "1\\r\\nX-Evil: 1" holds a control character, which a header value cannot carry'
    ],
    [
      'a value a cookie cannot carry',
      'f: { cookie: f, variants: { on: "a;b", off: "0" } }',
      'smoke.flags.f.variants.on: "a;b" cannot be a cookie value (no spaces, quotes, commas, semicolons or backslashes)'
    ],
    [
      'a reference in a value',
      'f: { query: f, variants: { on: "${{ env.FLAG }}", off: "0" } }',
      'smoke.flags.f.variants.on: "${{ env.FLAG }}": variant values are sent as written; ${{ … }} is not resolved here'
    ]
  ])('refuses a flag with %s', (_case, flag, expected) => {
    expect(
      problemsOf(
        `  flags:\n    ${flag}\n  checks:\n    - { name: a, path: / }\n`
      )
    ).toBe(`${PLAN}: ${expected}`)
  })

  it('refuses variants on the first check, the one wait-for-healthy retries', () => {
    expect(
      problemsOf(
        `${FLAGS}  checks:\n    - { name: a, path: /, variants: [beta] }\n`
      )
    ).toBe(
      `${PLAN}: smoke.checks[0].variants: the first check is the one wait-for-healthy retries until the environment answers, so it cannot have variants; put a check without variants first (e.g. GET /healthz)`
    )
  })

  it('reports a broken flag once, not again on every check that lists it', () => {
    expect(
      problemsOf(
        `  flags:\n    f: { header: X-F, query: f, variants: { on: "1", off: "0" } }\n  checks:\n${HEALTH}    - { name: a, path: /, variants: [f] }\n`
      )
    ).toBe(
      `${PLAN}: smoke.flags.f: give exactly one of header, cookie or query: how a request selects the variant (found header and query)`
    )
  })

  it('refuses two flags selected by the same header, whatever its case', () => {
    expect(
      problemsOf(
        '  flags:\n    a: { header: X-Flag, variants: { on: "1", off: "0" } }\n    b: { header: x-flag, variants: { on: "1", off: "0" } }\n  checks:\n    - { name: a, path: / }\n'
      )
    ).toBe(
      `${PLAN}: smoke.flags.b.header: header "x-flag" already selects the variant of flag "a"; each flag needs its own`
    )
  })

  it.each([
    [
      'a flag with one variant',
      '  flags:\n    f: { header: X-F, variants: { on: "1" } }\n  checks:\n    - { name: a, path: / }\n',
      `${PLAN}:9: smoke.flags.f.variants: must name at least 2 entry`
    ],
    [
      'a flag name with a space',
      '  flags:\n    "new checkout": { header: X-F, variants: { on: "1", off: "0" } }\n  checks:\n    - { name: a, path: / }\n',
      `${PLAN}:9: smoke.flags.new checkout: "new checkout" is not valid as a name`
    ],
    [
      'a flag listed twice on a check',
      '  flags:\n    f: { header: X-F, variants: { on: "1", off: "0" } }\n  checks:\n    - { name: a, path: /, variants: [f, f] }\n',
      `${PLAN}:11: smoke.checks[0].variants: lists`
    ]
  ])(
    'lets the plan loader refuse %s with file, line and key',
    (_case, smoke, expected) => {
      expect(() => planWithSmoke(smoke)).toThrow(ConfigurationError)
      expect(() => planWithSmoke(smoke)).toThrow(expected)
    }
  )
})

describe('the Feature-flag variants example of the action README', () => {
  it('compiles into one check per variant and combination', () => {
    const readme = readFileSync(
      join(import.meta.dirname, '../../../actions/smoke-test/README.md'),
      'utf8'
    )
    const section = readme.split('## Feature-flag variants')[1] ?? ''
    const example = /```yaml\nsmoke:\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
    expect(compile(example).checks.map(check => check.name)).toEqual([
      'health',
      'checkout [new-checkout=on]',
      'checkout [new-checkout=off]',
      'search [beta-search=on, theme=dark]',
      'search [beta-search=on, theme=light]',
      'search [beta-search=off, theme=dark]',
      'search [beta-search=off, theme=light]',
      'log in [theme=dark]',
      'log in [theme=light]',
      'view cart [theme=dark]',
      'view cart [theme=light]'
    ])
  })
})
