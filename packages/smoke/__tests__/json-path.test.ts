import { describe, expect, it } from '@jest/globals'
import { parseJsonPath, valueAtPath } from '../src/config/json-path.js'

const doc = {
  status: 'ok',
  data: { items: [{ id: 7, tags: ['a'] }, { id: 8 }], 'a.b': true, n: null },
  list: [[1, 2]]
}

describe('parseJsonPath', () => {
  it.each([
    ['status', ['status']],
    ['$.status', ['status']],
    ['data.items[0].id', ['data', 'items', 0, 'id']],
    ['$.data.items[1]', ['data', 'items', 1]],
    ["data['a.b']", ['data', 'a.b']],
    ['data["a.b"]', ['data', 'a.b']],
    ['list[0][1]', ['list', 0, 1]],
    ['[0]', [0]],
    ['.status', ['status']],
    ['$', []],
    ['snake_case-and-dash', ['snake_case-and-dash']]
  ])('reads %s', (text, segments) => {
    expect(parseJsonPath(text)).toEqual(segments)
  })

  it.each(['', 'a..b', 'a.', 'a[x]', 'a[-1]', "a['b", 'a b', '..a'])(
    'refuses %j',
    text => {
      expect(parseJsonPath(text)).toBeUndefined()
    }
  )
})

describe('valueAtPath', () => {
  it.each([
    ['status', true, 'ok'],
    ['data.items[0].id', true, 7],
    ['data.items[0].tags[0]', true, 'a'],
    ["data['a.b']", true, true],
    ['data.n', true, null],
    ['list[0][1]', true, 2],
    ['data.items[2].id', false, undefined],
    ['data.missing', false, undefined],
    ['status.length', false, undefined],
    ['data.items.length', false, undefined],
    ['data.items[0].constructor', false, undefined]
  ])('%s: found %s, value %j', (path, found, value) => {
    expect(valueAtPath(doc, parseJsonPath(path) ?? [])).toEqual({
      found,
      value
    })
  })
})
