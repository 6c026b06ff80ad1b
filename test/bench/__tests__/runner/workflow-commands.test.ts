import { describe, expect, it } from '@jest/globals'
import {
  parseWorkflowCommand,
  RUNNER_COMMANDS
} from '../../src/runner/index.js'
import { CommandProcessor } from '../../src/runner/command-processor.js'
import { SecretMasker } from '../../src/runner/secret-masker.js'

const registered = new Set(RUNNER_COMMANDS)
const parse = (line: string) => parseWorkflowCommand(line, registered)

describe('parsing workflow commands', () => {
  it('reads properties and data, unescaping them as the toolkit escapes', () => {
    expect(
      parse(
        '::error file=a%2Cb.ts,line=3,title=Why%3A 100%25::one%0Atwo%0D 50%25'
      )
    ).toEqual({
      command: 'error',
      properties: { file: 'a,b.ts', line: '3', title: 'Why: 100%' },
      data: 'one\ntwo\r 50%'
    })
  })

  it('unescapes %25 last, so %250A stays a literal %0A', () => {
    expect(parse('::warning::%250A')?.data).toBe('%0A')
  })

  it('allows leading whitespace and matches names case-insensitively', () => {
    expect(parse('   ::WARNING::careful')?.command).toBe('WARNING')
  })

  it('ignores unknown commands and text that merely mentions one', () => {
    expect(parse('::deploy::now')).toBeUndefined()
    expect(parse('echo ::error::x')).toBeUndefined()
    expect(parse('::error no end')).toBeUndefined()
  })

  it('drops properties without a key or a value, as the runner does', () => {
    expect(parse('::error line=,=3,col=2::x')?.properties).toEqual({
      col: '2'
    })
  })

  it('still accepts the legacy ##[command] form anywhere in a line', () => {
    expect(parse('prefix ##[warning file=x%3By.ts]50%25 off')).toEqual({
      command: 'warning',
      properties: { file: 'x;y.ts' },
      data: '50% off'
    })
  })
})

describe('processing commands across steps', () => {
  function processor() {
    const masker = new SecretMasker()
    return new CommandProcessor({
      masker,
      debug: false,
      workspace: '/work/acme/widgets',
      allowUnsecureCommands: false
    })
  }

  it('refuses a stop token that is empty or a command name', () => {
    const commands = processor()
    const step = commands.newStep('main')
    commands.processLine(step, '::stop-commands::warning')
    commands.processLine(step, '::notice::still processed')
    expect(step.failed).toBe(true)
    expect(step.annotations.map(a => a.level)).toEqual(['error', 'notice'])
    expect(step.annotations[0]?.message).toMatch(/You cannot use a endToken/)
  })

  it('resumes on the token, matched case-insensitively', () => {
    const commands = processor()
    const step = commands.newStep('main')
    commands.processLine(step, '::stop-commands::pause1')
    commands.processLine(step, '::error::verbatim')
    commands.processLine(step, '::PAUSE1::')
    commands.processLine(step, '::error::counted')
    expect(step.lines).toEqual([
      '::stop-commands::pause1',
      '::error::verbatim',
      '::PAUSE1::',
      '##[error]counted'
    ])
    expect(step.annotations.map(a => a.message)).toEqual(['counted'])
  })

  it('starts post with commands on, even if main never resumed them', () => {
    const commands = processor()
    commands.processLine(commands.newStep('main'), '::stop-commands::pause1')
    const post = commands.newStep('post')
    commands.processLine(post, '::error::counted')
    expect(post.annotations.map(a => a.message)).toEqual(['counted'])
  })

  it('keeps masks added in main for post', () => {
    const commands = processor()
    commands.processLine(commands.newStep('main'), '::add-mask::hunter2')
    const post = commands.newStep('post')
    commands.processLine(post, 'password: hunter2')
    expect(post.lines).toEqual(['password: ***'])
  })

  it('masks added secrets in messages, titles and multi-line values', () => {
    const commands = processor()
    const step = commands.newStep('main')
    commands.processLine(step, '::add-mask::top%0Aclassified')
    commands.processLine(step, '::error title=top::the top classified')
    commands.processLine(step, '::add-mask:: ')
    expect(step.annotations[0]).toMatchObject({
      message: 'the *** ***',
      title: '***'
    })
    expect(step.annotations[1]?.message).toMatch(/Can't add secret mask/)
  })

  it('reports annotation files under the workspace relative to it', () => {
    const commands = processor()
    const step = commands.newStep('main')
    commands.processLine(step, '::error file=/work/acme/widgets/src/a.ts::x')
    commands.processLine(step, '::error file=/etc/hosts::y')
    expect(step.annotations.map(a => a.file)).toEqual([
      'src/a.ts',
      '/etc/hosts'
    ])
  })
})
