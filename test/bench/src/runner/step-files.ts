import type { CommandProcessor, StepRecord } from './command-processor.js'
import {
  parseKeyValueFile,
  parsePathFile,
  readFileCommand,
  SUMMARY_LIMIT_BYTES,
  type FileCommandPaths
} from './file-commands.js'

/**
 * Applies a finished step's command files to its record, as the runner's
 * FileCommandManager does after every step (failed or cancelled too).
 * A malformed file fails the step but keeps the entries read before the
 * error. Returns the step summary, masked as the runner uploads it.
 */
export async function applyFileCommands(
  record: StepRecord,
  files: FileCommandPaths,
  processor: CommandProcessor
): Promise<string> {
  const keyValue = [
    ['env', record.env],
    ['state', record.state],
    ['output', record.outputs]
  ] as const
  for (const [name, target] of keyValue) {
    const parsed = parseKeyValueFile(await readFileCommand(files[name]))
    Object.assign(target, parsed.values)
    if (parsed.error) fail(record, processor, name, parsed.error)
  }
  record.path.push(...parsePathFile(await readFileCommand(files.path)))
  return readSummary(record, processor, files.step_summary)
}

async function readSummary(
  record: StepRecord,
  processor: CommandProcessor,
  file: string
): Promise<string> {
  const text = await readFileCommand(file)
  const bytes = Buffer.byteLength(text)
  if (bytes > SUMMARY_LIMIT_BYTES) {
    const message =
      '$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size ' +
      `of ${SUMMARY_LIMIT_BYTES / 1024}k, got ${Math.floor(bytes / 1024)}k. ` +
      'For more information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary'
    processor.addIssue(record, 'error', message)
    return ''
  }
  // The runner scrubs the summary line by line before uploading it.
  return text
    .split('\n')
    .map(line => processor.mask(line))
    .join('\n')
}

function fail(
  record: StepRecord,
  processor: CommandProcessor,
  name: string,
  error: string
): void {
  const unable = `Unable to process file command '${name}' successfully.`
  processor.addIssue(record, 'error', unable)
  processor.addIssue(record, 'error', error)
  record.failed = true
}
