import { describe, expect, it } from '@jest/globals'
import {
  referencesIn,
  resolveText,
  resolveValue
} from '../src/config/template.js'

const values = {
  env: { PASSWORD: 's3cret', USER: 'ada' },
  captured: new Map<string, unknown>([
    ['token', 'tok-1'],
    ['id', 42],
    ['item', { name: 'x' }]
  ])
}

describe('references', () => {
  it('lists env and captured references and flags unknown expressions', () => {
    expect(
      referencesIn(
        '/u/${{ env.USER }}/${{captured.id}}?${{ secrets.X }}&${{ github.sha }}'
      )
    ).toEqual({
      references: [
        { scope: 'env', name: 'USER' },
        { scope: 'captured', name: 'id' }
      ],
      invalid: ['${{ secrets.X }}', '${{ github.sha }}']
    })
  })

  it.each([
    ['Bearer ${{ captured.token }}', 'Bearer tok-1'],
    ['/items/${{ captured.id }}', '/items/42'],
    ['${{ env.USER }}:${{ env.PASSWORD }}', 'ada:s3cret'],
    ['${{ captured.item }}', '{"name":"x"}'],
    ['no references', 'no references']
  ])('resolves %j as text', (text, expected) => {
    expect(resolveText(text, values)).toBe(expected)
  })

  it('keeps the type of a value that is exactly one reference', () => {
    expect(
      resolveValue(
        {
          id: '${{ captured.id }}',
          label: 'item ${{ captured.id }}',
          nested: ['${{ env.USER }}', 3, true, null]
        },
        values
      )
    ).toEqual({ id: 42, label: 'item 42', nested: ['ada', 3, true, null] })
  })
})
