import { beforeAll, describe, expect, it } from '@jest/globals'
import { runAction, type RunActionResult } from '../../src/runner/index.js'
import { TINY_ACTION } from './tiny-action.js'

const TOKEN = 'ghs_benchTokenForTheTinyAction0001'

describe('running the tiny action like the runner', () => {
  let result: RunActionResult

  beforeAll(async () => {
    result = await runAction({
      scanSecrets: false, // the tiny action leaks on purpose
      actionDir: TINY_ACTION,
      inputs: { who: 'Mona' },
      github: { token: TOKEN },
      event: { name: 'push', payload: { ref: 'refs/heads/main' } }
    })
  })

  it('succeeds through main and post', () => {
    expect(result.conclusion).toBe('success')
    expect(result.main.outcome).toBe('success')
    expect(result.post?.outcome).toBe('success')
    expect(result.main.exitCode).toBe(0)
  })

  it('passes given inputs and fills the rest from action.yml defaults', () => {
    expect(result.outputs['greeting']).toBe('Hello, Mona!')
    expect(result.outputs['dry-run']).toBe('false')
    expect(result.outputs['max-items']).toBe('3')
  })

  it('evaluates github expressions in input defaults', () => {
    expect(result.outputs['token']).toBe(TOKEN)
    expect(result.outputs['repo-url']).toBe('https://github.com/acme/widgets')
  })

  it('reads multiline outputs written in the heredoc form', () => {
    expect(result.main.stdout).not.toContain('::set-output')
    expect(result.outputs['multiline']).toBe(
      'line one\nline two\n::error::not a command'
    )
  })

  it('hands the state saved by main to post as STATE_ variables', () => {
    expect(result.state).toEqual({ 'cleanup-id': 'tmp-42' })
    expect(result.post?.log).toContain('state cleanup-id=tmp-42')
  })

  it('carries GITHUB_ENV and GITHUB_PATH from main into post', () => {
    expect(result.env).toEqual({ TINY_EXPORTED: 'from-main' })
    expect(result.path).toEqual(['/opt/tiny/bin'])
    expect(result.post?.log).toContain('env TINY_EXPORTED=from-main')
    expect(result.post?.log).toContain('path starts with /opt/tiny/bin')
  })

  it('records annotations with their file, line and column properties', () => {
    const error = result.annotations.find(a => a.level === 'error')
    expect(error).toMatchObject({
      message: 'bad thing',
      title: 'Lint: bad, really',
      file: 'src/app.ts',
      line: 3,
      endLine: 4,
      col: 5,
      endColumn: 9,
      stage: 'main'
    })
    const warning = result.annotations.find(a => a.level === 'warning')
    expect(warning).toMatchObject({
      message: '50% done\nsecond line',
      file: 'README.md',
      line: 1
    })
    const notices = result.annotations.filter(a => a.level === 'notice')
    expect(notices.map(a => a.message).sort()).toEqual([
      'just so you know',
      'read from stderr too'
    ])
  })

  it('masks the token and added masks in the log, main and post alike', () => {
    expect(result.main.stdout).toContain('the secret is s3cr3t-value')
    expect(result.log).not.toContain('s3cr3t-value')
    expect(result.main.log).toContain('the secret is ***')
    expect(result.post?.log).toContain('the secret is still ***')
    expect(result.log).toContain('token is ***')
    expect(result.log).not.toContain(TOKEN)
    expect(result.main.log).not.toContain('::add-mask::')
  })

  it('masks secrets in the step summary as the runner does on upload', () => {
    expect(result.summary).toContain('<h1>Tiny</h1>')
    expect(result.summary).toContain('secret: ***')
  })

  it('prints commands between stop-commands and its token verbatim', () => {
    expect(result.main.log).toContain(
      '::error::this is printed, not an annotation'
    )
    const messages = result.annotations.map(a => a.message)
    expect(messages).not.toContain('this is printed, not an annotation')
    expect(messages).toContain('commands work again')
    // A token longer than six characters becomes a secret itself.
    expect(result.main.log).toContain('::stop-commands::***')
  })

  it('shows groups and hides debug lines unless step debug is on', () => {
    expect(result.main.log).toContain('##[group]Details\ninside the group')
    expect(result.main.log).toContain('##[endgroup]')
    expect(result.main.log).not.toContain('a debug line')
  })
})

describe('the secrets scan of every run', () => {
  it('fails a run whose outputs or summary hold the token, plainly or encoded', async () => {
    const run = runAction({
      actionDir: TINY_ACTION,
      inputs: { who: 'Mona' },
      github: { token: TOKEN },
      event: { name: 'push', payload: { ref: 'refs/heads/main' } }
    })
    await expect(run).rejects.toThrow(
      /secret leak in tiny-action: main: output token holds a secret; main: summary holds a secret/
    )
  })
})
