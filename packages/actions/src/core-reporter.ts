import * as core from '@actions/core'
import type { Reporter } from '@rehearse/engine'

/** The engine's progress, in the Actions log: groups, annotations, masks. */
export function createCoreReporter(): Reporter {
  return {
    info: message => core.info(message),
    warning: message => core.warning(message),
    error: message => core.error(message),
    group: (title, body) => core.group(title, body),
    mask: value => core.setSecret(value)
  }
}
