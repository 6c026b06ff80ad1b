import type { FaultKind, FaultPolicy, FaultTarget } from '@rehearse/bench'
import type { Random } from './prng.js'

/** The seeded fault policy of one flow, and what it injected. */
export interface FlowFaults {
  readonly policy: FaultPolicy
  /** Faults injected so far, by label (`status-502`, `applied-then-reset`…). */
  readonly injected: Record<string, number>
  /**
   * Until when (epoch ms) a main step that is about to be cancelled runs:
   * only then may a secondary limit come without retry-after (GitHub's
   * guidance is then to wait a minute, which the cancellation must cut
   * short; its post step, not cancelled, would wait it out).
   */
  cancellingUntil: number
  /** Off during setup and between steps' own checks. */
  enabled: boolean
}

interface Choice {
  readonly label: string
  readonly weight: number
  readonly make: (random: Random, target: FaultTarget) => FaultKind
}

const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

const CHOICES: readonly Choice[] = [
  {
    label: 'status-500',
    weight: 1,
    make: () => ({ kind: 'status', status: 500 })
  },
  {
    label: 'status-502',
    weight: 1.5,
    make: () => ({ kind: 'status', status: 502 })
  },
  {
    label: 'status-503',
    weight: 1,
    make: () => ({ kind: 'status', status: 503 })
  },
  { label: 'html-502', weight: 1, make: () => ({ kind: 'html-502' }) },
  { label: 'reset', weight: 1.5, make: () => ({ kind: 'reset' }) },
  {
    label: 'slow',
    weight: 1,
    make: random => ({ kind: 'slow', ms: random.int(100, 900) })
  },
  {
    label: 'secondary-rate-limit',
    weight: 1,
    make: () => ({ kind: 'secondary-rate-limit', retryAfter: 1 })
  },
  {
    label: 'too-many-requests',
    weight: 1,
    make: () => ({ kind: 'too-many-requests', retryAfter: 1 })
  },
  {
    label: 'primary-rate-limit',
    weight: 0.6,
    make: () => ({ kind: 'primary-rate-limit', resetInSeconds: 1 })
  },
  {
    label: 'primary-rate-limit-exhausted',
    weight: 0.15,
    make: () => ({ kind: 'primary-rate-limit', resetInSeconds: 3600 })
  },
  {
    label: 'applied-then-502',
    weight: 2,
    make: () => ({ kind: 'applied-then-502' })
  },
  {
    label: 'applied-then-reset',
    weight: 2,
    make: () => ({ kind: 'applied-then-reset' })
  }
]

const NO_RETRY_AFTER: Choice = {
  label: 'secondary-rate-limit-no-retry-after',
  weight: 1,
  make: () => ({ kind: 'secondary-rate-limit', retryAfter: null })
}

/**
 * Every GitHub request of the flow draws from `random`: with probability
 * `rate` it gets a fault, chosen by weight. "Applied then …" faults only
 * hit writes (on a read they would be plain 502s/resets, counted so).
 */
export function flowFaults(random: Random, rate: number): FlowFaults {
  const injected: Record<string, number> = {}
  const faults: FlowFaults = {
    injected,
    cancellingUntil: 0,
    enabled: false,
    policy: target => {
      if (!faults.enabled || !random.chance(rate)) return undefined
      const choices =
        faults.cancellingUntil > Date.now()
          ? [...CHOICES, NO_RETRY_AFTER]
          : CHOICES
      let choice = weighted(random, choices)
      if (choice.label.startsWith('applied-') && !WRITES.has(target.method))
        choice = choice.label.endsWith('502')
          ? (CHOICES[1] as Choice)
          : (CHOICES[4] as Choice)
      injected[choice.label] = (injected[choice.label] ?? 0) + 1
      return choice.make(random, target)
    }
  }
  return faults
}

function weighted(random: Random, choices: readonly Choice[]): Choice {
  const total = choices.reduce((sum, c) => sum + c.weight, 0)
  let left = random.next() * total
  for (const choice of choices) {
    left -= choice.weight
    if (left < 0) return choice
  }
  return choices[choices.length - 1] as Choice
}
