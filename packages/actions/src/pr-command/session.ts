import * as core from '@actions/core'
import { react, renderRefusal, upsertComment } from '@rehearse/chatops'
import type {
  CommandHeader,
  CommentEvent,
  Reaction,
  Refusal
} from '@rehearse/chatops'
import type { contracts } from '../contract.js'
import type { InputsOf } from '../read-inputs.js'
import type { PrGitHub } from './context.js'
import { commentUrl } from './write-summary.js'
import type { CommandRecord } from './write-summary.js'

/** The action's inputs. */
export type PrInputs = InputsOf<(typeof contracts)['pr-command']>

/** The outputs, all of them set on every path. */
export interface PrOutputs {
  continue: boolean
  command: string
  sha: string
  ref: string
  environment: string
  noop: boolean
  'pr-number': string
  reason: string
}

/** One command being handled in main. */
export interface Session {
  readonly inputs: PrInputs
  readonly event: CommentEvent
  readonly github: PrGitHub
  readonly header: CommandHeader
  /** Sets outputs now (the rest keep their values). */
  output(values: Partial<PrOutputs>): void
  /** Reacts; a failed reaction only warns. */
  react(content: Reaction): Promise<void>
  /** Replies under `key`; a failed reply only warns. */
  reply(key: string, body: string): Promise<void>
  /** Stops with a reason: output, 👎, a reply, and the step's failure text. */
  refuse(refusal: Refusal, environment?: string): Promise<string>
}

/** Writes every output, so workflow expressions never see a missing one. */
export function writeOutputs(outputs: PrOutputs): void {
  for (const [name, value] of Object.entries(outputs)) {
    core.setOutput(name, typeof value === 'boolean' ? String(value) : value)
  }
}

/** The result comment's key for an environment (one comment per PR and key). */
export const resultKey = (environment: string | undefined) =>
  environment ? `result environment=${environment}` : 'result'

export function createSession(
  inputs: PrInputs,
  event: CommentEvent,
  github: PrGitHub,
  header: CommandHeader,
  outputs: PrOutputs,
  /** Kept for the job summary: the header, the refusal, the last reply. */
  record: CommandRecord = {}
): Session {
  record.header = header
  const output = (values: Partial<PrOutputs>) => {
    Object.assign(outputs, values)
    writeOutputs(outputs)
  }
  const session: Session = {
    inputs,
    event,
    github,
    header,
    output,
    react: async content => {
      try {
        await react(github.gh, event.commentId, content)
      } catch (error) {
        core.warning(`could not react ${content}: ${describe(error)}`)
      }
    },
    reply: async (key, body) => {
      try {
        const written = await upsertComment(
          github.gh,
          event.prNumber,
          key,
          body
        )
        record.replyUrl = commentUrl(github.gh, event.prNumber, written.id)
      } catch (error) {
        core.warning(
          `could not reply on #${event.prNumber}: ${describe(error)}`
        )
      }
    },
    refuse: async (refusal, environment) => {
      record.refusal = refusal
      output({ continue: false, reason: refusal.reason })
      await session.react('-1')
      await session.reply(
        resultKey(environment),
        renderRefusal(header, environment, refusal)
      )
      return `${header.command} refused (${refusal.reason}): ${refusal.message}`
    }
  }
  return session
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
