export { contracts } from './contract.js'
export type {
  ActionContract,
  ActionName,
  InputKind,
  InputSpec
} from './contract.js'
export { readInput, readInputs } from './read-inputs.js'
export type { InputsOf } from './read-inputs.js'
export { runAction } from './run-action.js'
export type { ActionSteps } from './run-action.js'
