// The runner's own wording, so assertions match what GitHub shows.

/** `Constants.Runner.UnsupportedCommandMessage`. */
export const DEPRECATED = (command: string): string =>
  `The \`${command}\` command is deprecated and will be disabled soon. ` +
  'Please upgrade to using Environment Files. For more information see: ' +
  'https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/'

/** `Constants.Runner.UnsupportedCommandMessageDisabled`. */
export const DISABLED = (command: string): string =>
  `The \`${command}\` command is disabled. Please upgrade to using ` +
  'Environment Files or opt into unsecure command execution by setting the ' +
  '`ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. For ' +
  'more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/'

/** `Constants.Runner.UnsupportedStopCommandTokenDisabled`. */
export const BAD_STOP_TOKEN =
  "You cannot use a endToken that is an empty string, the string 'pause-logging', " +
  'or another workflow command. For more information see: ' +
  'https://docs.github.com/actions/learn-github-actions/workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands ' +
  'or opt into insecure command execution by setting the ' +
  '`ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` environment variable to `true`.'

/** `AddMaskCommandExtension`, for an empty or blank value. */
export const EMPTY_MASK =
  "Can't add secret mask for empty string in ##[add-mask] command."

/** `EchoCommandExtension`, for anything but on/off. */
export const ECHO_VALUE = (data: string): string =>
  "Invalid echo command value. Possible values can be: 'on', 'off'. " +
  `Current value is: '${data}'.`
