// The engine, the migrations and the smoke test are shared with the
// actions, so some of their messages name action inputs ("the "config"
// input"). A person at the terminal has flags and a shell instead: each
// such phrase is said here in CLI words before it is printed.
const PHRASES: readonly (readonly [RegExp, string])[] = [
  [
    /, set the "config" input to its path, or give the "script" input\./g,
    ', or give its path with --config <file>.'
  ],
  [
    / or the "url" input \(e\.g\. the deploy step's environment-url output\)/g,
    ''
  ],
  [
    /Pass the "database-url" input \(from a secret\), or set (\S+) in the job's env\./g,
    'Set $1 in your shell (export $1=postgres://…) before running rehearse.'
  ],
  [
    /pass the "database-url" input, or set (\S+) in the job's env/g,
    'set $1 in your shell'
  ],
  [/ \(input "database-url"\)/g, ''],
  [
    /set (\S+) in the job's env from a secret \(the production replica\), or pass the "source-url" input\./g,
    "set $1 in your shell to the production replica's URL."
  ],
  [
    /the freeze-override input, or --override-freeze "<why>"/g,
    '--override-freeze "<why>"'
  ],
  [
    /the pr-number input, a pull_request event, or --pr <number>/g,
    '--pr <number>'
  ]
]

/** `text` with action-input phrases replaced by what the CLI offers. */
export function inCliWords(text: string): string {
  return PHRASES.reduce(
    (said, [phrase, words]) => said.replace(phrase, words),
    text
  )
}
