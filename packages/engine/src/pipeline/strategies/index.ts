import type { Strategy } from '../../plan-types.js'
import { blueGreen } from './blue-green.js'
import { canary } from './canary.js'
import { direct } from './direct.js'
import type { DeployStrategy } from './types.js'

/** The strategy object the plan names. */
export function strategyOf(strategy: Strategy): DeployStrategy {
  switch (strategy.type) {
    case 'blue-green':
      return blueGreen
    case 'canary':
      return canary
    case 'direct':
      return direct
  }
}

export type {
  DeployStrategy,
  StrategyContext,
  StrategyOutcome
} from './types.js'
