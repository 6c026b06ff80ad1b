import type { ActionManifest } from './action-manifest.js'
import { inputVariable } from './environment.js'
import {
  evaluateInputDefault,
  type GitHubContextValues
} from './expressions.js'

/** The `INPUT_*` variables of a step, and what the runner warns about. */
export interface ResolvedInputs {
  variables: Record<string, string>
  warnings: string[]
}

/**
 * Merges the step's `with:` over the action.yml defaults like the runner's
 * ActionRunner: every given input is passed on (even an undeclared one,
 * which only earns a warning), then every declared input not given gets
 * its evaluated default. Names match case-insensitively. `required` is not
 * enforced by the runner; `core.getInput` does that in the action.
 */
export function resolveInputs(
  manifest: ActionManifest,
  given: Record<string, string | number | boolean>,
  github: GitHubContextValues
): ResolvedInputs {
  const variables: Record<string, string> = {}
  const warnings: string[] = []
  const declared = new Map(
    manifest.inputs.map(input => [input.name.toLowerCase(), input])
  )
  for (const [name, value] of Object.entries(given)) {
    variables[inputVariable(name)] = String(value)
    const message = declared.get(name.toLowerCase())?.deprecationMessage
    if (message) {
      warnings.push(
        `Input '${name}' has been deprecated with message: ${message}`
      )
    }
  }
  const givenNames = new Set(Object.keys(given).map(n => n.toLowerCase()))
  for (const input of manifest.inputs) {
    if (givenNames.has(input.name.toLowerCase())) continue
    variables[inputVariable(input.name)] = evaluateInputDefault(
      input.name,
      input.default ?? '',
      github
    )
  }
  const unexpected = Object.keys(given).filter(
    name => !declared.has(name.toLowerCase())
  )
  if (unexpected.length > 0) {
    const valid = manifest.inputs.map(input => input.name)
    warnings.push(
      `Unexpected input(s) '${unexpected.join("', '")}', ` +
        `valid inputs are ['${valid.join("', '")}']`
    )
  }
  return { variables, warnings }
}
