import { describe, expect, it } from '@jest/globals'
import { resolveArtifact, stepVariables } from '../../src/run/step-variables.js'
import { PREVIOUS_SHA, SHA, context, environment } from './helpers.js'

describe('resolveArtifact', () => {
  it.each([
    ['ghcr.io/acme/shop:${{ sha }}', `ghcr.io/acme/shop:${SHA}`],
    ['ghcr.io/acme/shop:${{sha}}', `ghcr.io/acme/shop:${SHA}`],
    ['shop-${{   sha  }}.tar.gz', `shop-${SHA}.tar.gz`],
    ['${{ sha }}/${{ sha }}', `${SHA}/${SHA}`],
    ['ghcr.io/acme/shop:latest', 'ghcr.io/acme/shop:latest'],
    ['shop:${{ ref }}', 'shop:${{ ref }}']
  ])('resolves %j', (template, expected) => {
    expect(resolveArtifact(template, SHA)).toBe(expected)
  })

  it('inserts the SHA literally, whatever characters it holds', () => {
    expect(resolveArtifact('a:${{ sha }}', "$&$1$'")).toBe("a:$&$1$'")
  })
})

describe('stepVariables', () => {
  it('gives every REHEARSE_* variable with the same names in every environment', () => {
    const names = (name: string) =>
      Object.keys(
        stepVariables(
          context('/w', { environment: environment({ name }) }),
          'a:${{ sha }}',
          {}
        )
      )
    expect(names('production')).toEqual(names('staging'))
    expect(
      stepVariables(context('/w'), 'ghcr.io/acme/shop:${{ sha }}', {})
    ).toEqual({
      REHEARSE_ENVIRONMENT: 'staging',
      REHEARSE_SHA: SHA,
      REHEARSE_REF: 'main',
      REHEARSE_ARTIFACT: `ghcr.io/acme/shop:${SHA}`,
      REHEARSE_URL: 'https://staging.example.com',
      REHEARSE_PREVIOUS_SHA: PREVIOUS_SHA,
      REHEARSE_REHEARSED_SHA: SHA
    })
  })

  it('resolves the artifact for the rehearsed commit when a tree-equal one is promoted', () => {
    const merged = '9'.repeat(40)
    const variables = stepVariables(
      context('/w', { sha: merged, rehearsedSha: SHA }),
      'ghcr.io/acme/shop:${{ sha }}',
      {}
    )
    expect(variables).toMatchObject({
      REHEARSE_SHA: merged,
      REHEARSE_REHEARSED_SHA: SHA,
      REHEARSE_ARTIFACT: `ghcr.io/acme/shop:${SHA}`
    })
  })

  it('sets what is unknown to the empty string, never leaves it out', () => {
    const first = context('/w', {
      environment: environment({ url: undefined }),
      previousSha: undefined
    })
    expect(stepVariables(first, undefined, {})).toMatchObject({
      REHEARSE_ARTIFACT: '',
      REHEARSE_URL: '',
      REHEARSE_PREVIOUS_SHA: ''
    })
  })

  it('lets step env override environment env, and neither override REHEARSE_*', () => {
    const variables = stepVariables(
      context('/w', {
        environment: environment({
          env: { REGION: 'eu', REPLICAS: '1', REHEARSE_SHA: 'forged' }
        })
      }),
      undefined,
      { REGION: 'us', REHEARSE_ENVIRONMENT: 'production' }
    )
    expect(variables).toMatchObject({
      REGION: 'us',
      REPLICAS: '1',
      REHEARSE_SHA: SHA,
      REHEARSE_ENVIRONMENT: 'staging'
    })
  })
})
