import { describe, expect, it } from '@jest/globals'
import { evaluateResponse } from '../src/run/assertions.js'
import { readCaptures } from '../src/run/captures.js'
import type { HttpResponse } from '../src/http/http-client.js'
import type { Expectations } from '../src/types.js'

const response: HttpResponse = {
  status: 200,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'x-request-id': 'r-1'
  },
  body: JSON.stringify({
    status: 'ok',
    version: 3,
    data: { items: [{ id: 7, name: 'widget' }] },
    token: 'abc.def'
  }),
  latencyMs: 40
}

const none: Expectations = {
  status: undefined,
  bodyContains: [],
  bodyMatches: undefined,
  json: [],
  headers: [],
  maxLatencyMs: undefined
}

const values = {
  env: {},
  captured: new Map<string, unknown>([
    ['id', 7],
    ['name', 'widget']
  ])
}

const judge = (
  expect: Partial<Expectations>,
  changes: Partial<HttpResponse> = {}
): string[] =>
  evaluateResponse(
    { ...none, ...expect },
    { ...response, ...changes },
    values,
    true
  )

describe('evaluateResponse', () => {
  it.each<[string, Partial<Expectations>, Partial<HttpResponse>]>([
    ['any 2xx by default', {}, { status: 204 }],
    ['an exact status', { status: [200] }, {}],
    ['a status among several', { status: [301, 302] }, { status: 302 }],
    ['a text in the body', { bodyContains: ['"status":"ok"'] }, {}],
    ['a captured text', { bodyContains: ['${{ captured.name }}'] }, {}],
    ['a regex', { bodyMatches: /"version":\s*\d+/ }, {}],
    ['a JSON value', { json: [{ path: 'status', expected: 'ok' }] }, {}],
    [
      'a nested JSON value',
      { json: [{ path: 'data.items[0].id', expected: 7 }] },
      {}
    ],
    [
      'a JSON object',
      {
        json: [{ path: 'data.items[0]', expected: { id: 7, name: 'widget' } }]
      },
      {}
    ],
    [
      'a captured JSON value with its type',
      { json: [{ path: 'data.items[0].id', expected: '${{ captured.id }}' }] },
      {}
    ],
    [
      'a header text',
      { headers: [{ name: 'content-type', expected: 'application/json' }] },
      {}
    ],
    [
      'a present header',
      { headers: [{ name: 'x-request-id', expected: true }] },
      {}
    ],
    [
      'an absent header',
      { headers: [{ name: 'server', expected: false }] },
      {}
    ],
    ['a latency within budget', { maxLatencyMs: 40 }, {}]
  ])('passes %s', (_case, expectations, changes) => {
    expect(judge(expectations, changes)).toEqual([])
  })

  it.each<[string, Partial<Expectations>, Partial<HttpResponse>, string]>([
    [
      'a non-2xx status',
      {},
      { status: 503, body: 'down' },
      'status 503, expected 2xx (body: "down")'
    ],
    ['another status', { status: [201] }, {}, 'status 200, expected 201'],
    [
      'none of several',
      { status: [301, 302] },
      {},
      'status 200, expected one of 301, 302'
    ],
    [
      'a missing text',
      { bodyContains: ['healthy'] },
      {},
      'body does not contain "healthy"'
    ],
    ['a regex', { bodyMatches: /^OK$/ }, {}, 'body does not match /^OK$/'],
    [
      'a body that is not JSON',
      { json: [{ path: 'status', expected: 'ok' }] },
      { body: '<html>' },
      'body is not JSON (body: "<html>")'
    ],
    [
      'a missing JSON path',
      { json: [{ path: 'data.count', expected: 1 }] },
      {},
      'json data.count: missing'
    ],
    [
      'a different JSON value',
      { json: [{ path: 'status', expected: 'degraded' }] },
      {},
      'json status: expected "degraded", got "ok"'
    ],
    [
      'a JSON number given as text',
      { json: [{ path: 'version', expected: '3' }] },
      {},
      'json version: expected "3", got 3'
    ],
    [
      'a header without the text',
      { headers: [{ name: 'content-type', expected: 'text/html' }] },
      {},
      'header content-type: "application/json; charset=utf-8" does not contain "text/html"'
    ],
    [
      'a missing header',
      { headers: [{ name: 'etag', expected: true }] },
      {},
      'header etag: missing'
    ],
    [
      'a header that must be absent',
      { headers: [{ name: 'x-request-id', expected: false }] },
      {},
      'header x-request-id: present, expected absent'
    ],
    [
      'a latency over budget',
      { maxLatencyMs: 39.5 },
      {},
      'latency 40.0 ms is over the 39.5 ms budget'
    ]
  ])('fails %s', (_case, expectations, changes, message) => {
    const problems = judge(expectations, changes)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(message)
  })

  it('reports every problem of a response at once', () => {
    expect(
      judge(
        { status: [200], bodyContains: ['ok'], maxLatencyMs: 10 },
        { status: 500, body: 'boom' }
      )
    ).toHaveLength(3)
  })

  it('leaves the latency budget to p95 while sampling', () => {
    expect(
      evaluateResponse({ ...none, maxLatencyMs: 1 }, response, values, false)
    ).toEqual([])
  })

  it('shortens long bodies in messages', () => {
    const [problem] = judge({}, { status: 500, body: 'x'.repeat(500) })
    expect(problem).toBe(
      `status 500, expected 2xx (body: "${'x'.repeat(80)}…")`
    )
  })
})

describe('readCaptures', () => {
  it.each([
    ['json', 'token', 'abc.def'],
    ['json', 'data.items[0].id', 7],
    ['header', 'x-request-id', 'r-1'],
    ['regex', '"token":"([^"]+)"', 'abc.def'],
    ['regex', 'widget', 'widget']
  ] as const)('captures %s %s', (source, expression, value) => {
    const result = readCaptures(
      [{ name: 'v', source, expression, secret: true }],
      response
    )
    expect(result).toEqual({ values: new Map([['v', value]]), problems: [] })
  })

  it('says which capture found nothing', () => {
    expect(
      readCaptures(
        [
          {
            name: 'session',
            source: 'json',
            expression: 'session.id',
            secret: true
          }
        ],
        response
      ).problems
    ).toEqual([
      'capture session: json session.id found nothing in the response'
    ])
  })
})
