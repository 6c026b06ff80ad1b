import path from 'node:path'
import {
  BAD_STOP_TOKEN,
  DEPRECATED,
  DISABLED,
  EMPTY_MASK,
  ECHO_VALUE
} from './runner-messages.js'
import type { SecretMasker } from './secret-masker.js'
import type { Annotation, AnnotationLevel, Stage } from './types.js'
import {
  getProperty,
  parseWorkflowCommand,
  RUNNER_COMMANDS,
  type WorkflowCommand
} from './workflow-commands.js'

/** What the runner records for one step while reading its output. */
export interface StepRecord {
  stage: Stage
  lines: string[]
  annotations: Annotation[]
  outputs: Record<string, string>
  state: Record<string, string>
  env: Record<string, string>
  path: string[]
  /** A command failed to process: the runner fails the step. */
  failed: boolean
  echo: boolean
  /** Registered commands, plus a pending stop-commands token. */
  registered: Set<string>
  stopToken?: string
}

export interface ProcessorOptions {
  masker: SecretMasker
  debug: boolean
  workspace: string
  /** `ACTIONS_ALLOW_UNSECURE_COMMANDS=true` re-enables set-env/add-path. */
  allowUnsecureCommands: boolean
}

// Commands the runner never echoes back into the log.
const OMIT_ECHO = new Set(['add-mask', 'debug', 'warning', 'error', 'notice'])

/**
 * Reads step output like the runner's ActionCommandManager. The secret
 * masker is job-wide (an `add-mask` in main still masks post's log), but
 * the runner creates a command manager per step, so a `stop-commands` that
 * main never ended does not silence post: that state lives in the record.
 */
export class CommandProcessor {
  readonly #options: ProcessorOptions

  constructor(options: ProcessorOptions) {
    this.#options = options
  }

  newStep(stage: Stage): StepRecord {
    return {
      stage,
      lines: [],
      annotations: [],
      outputs: {},
      state: {},
      env: {},
      path: [],
      failed: false,
      // Step debug also turns on echoing of processed commands.
      echo: this.#options.debug,
      registered: new Set(RUNNER_COMMANDS)
    }
  }

  /** Handles one line of stdout or stderr (the runner reads both). */
  processLine(step: StepRecord, line: string): void {
    const command = parseWorkflowCommand(line, step.registered)
    if (!command) return this.output(step, line)
    const name = command.command.toLowerCase()
    if (step.stopToken !== undefined) {
      // Stopped: every line is plain output; only the token resumes.
      if (name === step.stopToken) {
        step.registered.delete(step.stopToken)
        step.stopToken = undefined
      }
      return this.output(step, line)
    }
    if (name === 'stop-commands') return this.#stop(step, line, command.data)
    if (step.echo && !OMIT_ECHO.has(name)) this.output(step, line)
    try {
      this.#run(step, name, command)
    } catch (error) {
      const shown = OMIT_ECHO.has(name) ? name : line
      this.addIssue(
        step,
        'error',
        `Unable to process command '${shown}' successfully.`
      )
      this.addIssue(step, 'error', (error as Error).message)
      step.failed = true
    }
  }

  /** Writes a log line, masked. */
  output(step: StepRecord, text: string): void {
    step.lines.push(this.mask(text))
  }

  /** Every secret of the job: the token, the test's, `::add-mask::`. */
  get secrets(): readonly string[] {
    return this.#options.masker.secrets
  }

  mask(text: string): string {
    return this.#options.masker.mask(text)
  }

  /** Records an annotation the way `ExecutionContext.AddIssue` does. */
  addIssue(
    step: StepRecord,
    level: AnnotationLevel,
    message: string,
    properties: Record<string, string> = {},
    stage: Annotation['stage'] = step.stage
  ): void {
    const { masker } = this.#options
    const masked = masker.maskRecord(properties)
    const annotation: Annotation = {
      level,
      message: masker.mask(message),
      properties: masked,
      stage
    }
    this.#locate(annotation, masked)
    step.annotations.push(annotation)
    step.lines.push(`##[${level}]${annotation.message}`)
  }

  #locate(annotation: Annotation, properties: Record<string, string>): void {
    const title = getProperty(properties, 'title')
    if (title !== undefined) annotation.title = title
    const file = getProperty(properties, 'file')
    if (file !== undefined) annotation.file = this.#relativeFile(file)
    const numbers = ['line', 'endLine', 'col', 'endColumn'] as const
    for (const key of numbers) {
      const text = getProperty(properties, key)
      if (text !== undefined && /^\d+$/.test(text)) {
        annotation[key] = Number(text)
      }
    }
  }

  // The runner reports files under the workspace relative to it, with `/`.
  #relativeFile(file: string): string {
    const { workspace } = this.#options
    if (!path.isAbsolute(file)) return file
    const relative = path.relative(workspace, file)
    if (relative === '' || relative.startsWith('..')) return file
    return relative.split(path.sep).join('/')
  }

  #stop(step: StepRecord, line: string, token: string): void {
    const lower = token.toLowerCase()
    if (
      token === '' ||
      step.registered.has(lower) ||
      lower === 'pause-logging'
    ) {
      this.addIssue(step, 'error', BAD_STOP_TOKEN)
      step.failed = true
      return
    }
    step.stopToken = lower
    step.registered.add(lower)
    // A long token is treated as a secret so the output cannot echo it.
    if (token.length > 6) this.#options.masker.add(token)
    this.output(step, line)
  }

  #run(step: StepRecord, name: string, command: WorkflowCommand): void {
    const { data, properties } = command
    switch (name) {
      case 'set-output':
      case 'save-state': {
        this.addIssue(step, 'warning', DEPRECATED(name))
        const key = requireName(properties, name)
        if (name === 'set-output') step.outputs[key] = data
        else step.state[key] = data
        return
      }
      case 'set-env':
      case 'add-path':
        return this.#unsecure(step, name, command)
      case 'add-mask':
        if (data.trim() === '') {
          return this.addIssue(step, 'warning', EMPTY_MASK)
        }
        this.#options.masker.add(data)
        if (step.echo) this.output(step, '::add-mask::***')
        return
      case 'debug':
        if (this.#options.debug) this.output(step, `##[debug]${data}`)
        return
      case 'error':
      case 'warning':
      case 'notice':
        return this.addIssue(step, name, data, properties)
      case 'group':
        return this.output(step, `##[group]${data}`)
      case 'endgroup':
        return this.output(step, '##[endgroup]')
      case 'echo':
        return setEcho(step, data)
      default:
        // add-matcher/remove-matcher: problem matchers are not emulated.
        return
    }
  }

  #unsecure(step: StepRecord, name: string, command: WorkflowCommand): void {
    if (!this.#options.allowUnsecureCommands) throw new Error(DISABLED(name))
    if (name === 'add-path') {
      if (command.data === '')
        throw new Error("Value cannot be null. (Parameter 'path')")
      step.path.push(command.data)
      return
    }
    step.env[requireName(command.properties, name)] = command.data
  }
}

function requireName(
  properties: Record<string, string>,
  command: string
): string {
  const name = getProperty(properties, 'name')
  if (!name)
    throw new Error(
      `Required field 'name' is missing in ##[${command}] command.`
    )
  return name
}

function setEcho(step: StepRecord, data: string): void {
  const value = data.trim().toUpperCase()
  if (value === 'ON' || value === 'OFF') {
    step.echo = value === 'ON'
    return
  }
  throw new Error(ECHO_VALUE(data))
}
