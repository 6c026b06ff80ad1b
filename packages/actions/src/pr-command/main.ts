import * as core from '@actions/core'
import {
  checkPermission,
  parseCommand,
  parseRequireChecks,
  readCommentEvent
} from '@rehearse/chatops'
import { ConfigurationError } from '@rehearse/core'
import { contracts } from '../contract.js'
import { readInputs } from '../read-inputs.js'
import { runAction } from '../run-action.js'
import { acceptDeploy } from './accept-deploy.js'
import { connect, header, readEventPayload } from './context.js'
import { checkEventShape } from './event-shape.js'
import { runDirect } from './direct-commands.js'
import { postCommand } from './post.js'
import { createSession, writeOutputs } from './session.js'
import type { PrInputs, PrOutputs } from './session.js'
import { writeDecisionSummary } from './write-summary.js'
import type { CommandRecord } from './write-summary.js'

/** Entry of the `pr-command` action (main and post). */
export async function run(): Promise<void> {
  await runAction('pr-command', { main, post: postCommand })
}

async function main(): Promise<string | void> {
  const inputs = readInputs(contracts['pr-command'])
  checkInputs(inputs)
  const outputs: PrOutputs = {
    continue: false,
    command: '',
    sha: '',
    ref: '',
    environment: '',
    noop: false,
    'pr-number': '',
    reason: ''
  }
  writeOutputs(outputs)
  const record: CommandRecord = {}
  let failure: string | undefined
  try {
    failure = (await handle(inputs, outputs, record)) ?? undefined
    return failure
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error)
    throw error
  } finally {
    await writeDecisionSummary({ inputs, outputs, record, failure })
  }
}

async function handle(
  inputs: PrInputs,
  outputs: PrOutputs,
  record: CommandRecord
): Promise<string | void> {
  const payload = readEventPayload()
  if (process.env.GITHUB_EVENT_NAME === 'issue_comment')
    checkEventShape(payload)
  const event = readCommentEvent(process.env.GITHUB_EVENT_NAME, payload)
  if ('ignored' in event) {
    outputs.reason = event.ignored
    writeOutputs(outputs)
    // Another trigger is a workflow mistake; other comments are just not ours.
    if (event.ignored === 'not_issue_comment') {
      return `runs on issue_comment events, but this run was triggered by "${process.env.GITHUB_EVENT_NAME ?? 'nothing'}". Trigger the workflow with on: issue_comment: types: [created].`
    }
    core.info(`nothing to do: ${event.ignored.replaceAll('_', ' ')}`)
    return
  }
  outputs['pr-number'] = String(event.prNumber)
  const parsed = parseCommand(event.body, inputs.prefix)
  if (parsed.type === 'none') {
    core.info('the comment is no command; nothing to do')
    outputs.reason = 'no_command'
    writeOutputs(outputs)
    return
  }
  const kind = parsed.type === 'command' ? parsed.command.kind : parsed.kind
  outputs.command = kind
  writeOutputs(outputs)
  const github = connect(inputs.token)
  const session = createSession(
    inputs,
    event,
    github,
    header(inputs.prefix, kind, event.login, event.prNumber, github.logUrl),
    outputs,
    record
  )
  const denied = await checkPermission(
    github.gh,
    event.login,
    inputs['allowed-permissions']
  )
  if (denied) {
    // No reply: people without access must not make the bot write text.
    session.output({ reason: denied.reason })
    record.refusal = denied
    await session.react('-1')
    return `${session.header.command} refused (${denied.reason}): ${denied.message}`
  }
  await session.react('eyes')
  if (parsed.type === 'invalid') {
    return session.refuse({
      reason: 'invalid_command',
      message: `${parsed.problem}. Comment ${inputs.prefix}help for the commands.`
    })
  }
  const { command } = parsed
  if (
    command.kind === 'deploy' ||
    command.kind === 'noop' ||
    command.kind === 'rollback'
  ) {
    return acceptDeploy(session, { ...command, kind: command.kind })
  }
  return runDirect(session, command)
}

// Bad inputs fail before anything is read or written.
function checkInputs(inputs: PrInputs): void {
  if (!/^\S{1,10}$/.test(inputs.prefix)) {
    throw new ConfigurationError(
      `input "prefix" must be 1 to 10 characters without spaces, got ${JSON.stringify(inputs.prefix)}`,
      { reason: 'invalid_input' }
    )
  }
  if (inputs['lock-lease-minutes'] < 1) {
    throw new ConfigurationError(
      'input "lock-lease-minutes" must be at least 1: a lock that lapses at once protects nothing',
      { reason: 'invalid_input' }
    )
  }
  parseRequireChecks(inputs['require-checks'])
  const unknown = inputs['allowed-permissions'].filter(
    role => !ROLES.includes(role)
  )
  if (unknown.length > 0)
    throw new ConfigurationError(
      `input "allowed-permissions" lists ${JSON.stringify(unknown.join(', '))}, which is no GitHub permission; use ${ROLES.join(', ')}`,
      { reason: 'invalid_input' }
    )
  const badName = inputs.environments.find(name => !ENVIRONMENT.test(name))
  if (badName !== undefined)
    throw new ConfigurationError(
      `input "environments" lists ${JSON.stringify(badName)}, which names no environment of a plan (letters, digits, ".", "_", "-")`,
      { reason: 'invalid_input' }
    )
}

const ROLES = ['read', 'triage', 'write', 'maintain', 'admin']
const ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/
