import { ConfigurationError } from '@rehearse/core'

type Json = Record<string, unknown>

const record = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined

const positive = (value: unknown): boolean =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0

// The fields pr-command reads, each with what GitHub always sends there.
const FIELDS: readonly [string, (event: Json) => boolean, string][] = [
  ['action', e => typeof e.action === 'string', 'a string'],
  ['issue', e => record(e.issue) !== undefined, 'an object'],
  ['issue.number', e => positive(record(e.issue)?.number), 'a number > 0'],
  ['comment', e => record(e.comment) !== undefined, 'an object'],
  ['comment.id', e => positive(record(e.comment)?.id), 'a number > 0'],
  [
    'comment.body',
    e => typeof record(e.comment)?.body === 'string',
    'a string'
  ],
  [
    'comment.user.login',
    e => typeof record(record(e.comment)?.user)?.login === 'string',
    'a string'
  ],
  [
    'comment.created_at',
    e => {
      const at = record(e.comment)?.created_at
      return typeof at === 'string' && !Number.isNaN(Date.parse(at))
    },
    'a timestamp'
  ],
  [
    'repository.full_name',
    e => typeof record(e.repository)?.full_name === 'string',
    'a string'
  ],
  [
    'repository.default_branch',
    e => typeof record(e.repository)?.default_branch === 'string',
    'a string'
  ]
]

/**
 * An issue_comment payload that lacks what GitHub always sends was not
 * sent by GitHub (a replaced event file, a hand-made dispatch): refused
 * as such, naming the field, before anything is read or written.
 */
export function checkEventShape(payload: unknown): void {
  const event = record(payload)
  const wrong = event && FIELDS.find(([, ok]) => !ok(event))
  if (event && !wrong) return
  const what = wrong
    ? `issue_comment event's ${wrong[0]} is missing or not ${wrong[2]}`
    : 'issue_comment event payload is missing or not a JSON object'
  throw new ConfigurationError(
    `the ${what}: this is not an event GitHub sent. Run pr-command from on: issue_comment with the runner's own event file.`,
    { reason: 'invalid_event' }
  )
}
