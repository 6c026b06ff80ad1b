import type { JobStatus } from '../runner/types.js'
import { callFunction } from './expression-functions.js'
import {
  compare,
  looseEquals,
  property,
  toText,
  truthy,
  type ContextObject
} from './expression-values.js'
import { literalValue, tokenize, type Token } from './expression-tokens.js'

/** What an expression can read: the contexts and the job's status. */
export interface ExpressionScope {
  /** github, env, inputs, secrets, steps, needs, vars, … by name. */
  readonly contexts: ContextObject
  /** What success(), failure() and cancelled() answer. */
  readonly status: JobStatus
}

/**
 * Evaluates one workflow expression (the text inside `${{ }}`) the way the
 * runner does: literals, contexts with `.name` and `[index]`, `!`, `==`,
 * `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||` (which return an operand, not a
 * boolean), parentheses and the functions of expression-functions.ts.
 * Anything else (object filters `.*`, an unknown context or function)
 * throws rather than guessing a value the runner would not produce.
 */
export function evaluateExpression(
  text: string,
  scope: ExpressionScope
): unknown {
  return new Evaluator(text, scope).run()
}

// Recursive descent, lowest precedence first: || && (== !=) (< <= > >=)
// ! then member access. Every operand is evaluated: nothing has effects.
class Evaluator {
  readonly #text: string
  readonly #scope: ExpressionScope
  readonly #tokens: Token[]
  #position = 0

  constructor(text: string, scope: ExpressionScope) {
    this.#text = text
    this.#scope = scope
    this.#tokens = tokenize(text)
  }

  run(): unknown {
    const value = this.or()
    const rest = this.#tokens[this.#position]
    if (rest) this.fail(`unexpected "${rest.value}"`)
    return value
  }

  private or(): unknown {
    let value = this.and()
    while (this.take('||')) {
      const right = this.and()
      value = truthy(value) ? value : right
    }
    return value
  }

  private and(): unknown {
    let value = this.equality()
    while (this.take('&&')) {
      const right = this.equality()
      value = truthy(value) ? right : value
    }
    return value
  }

  private equality(): unknown {
    let value = this.relational()
    for (
      let op = this.takeAny(['==', '!=']);
      op;
      op = this.takeAny(['==', '!='])
    ) {
      const equal = looseEquals(value, this.relational())
      value = op === '==' ? equal : !equal
    }
    return value
  }

  private relational(): unknown {
    const ops = ['<=', '>=', '<', '>']
    let value = this.unary()
    for (let op = this.takeAny(ops); op; op = this.takeAny(ops)) {
      const order = compare(value, this.unary())
      value = Number.isNaN(order)
        ? false
        : ({ '<': order < 0, '<=': order <= 0, '>': order > 0 }[op] ??
          order >= 0)
    }
    return value
  }

  private unary(): unknown {
    if (this.take('!')) return !truthy(this.unary())
    return this.postfix(this.primary())
  }

  private postfix(base: unknown): unknown {
    let value = base
    for (;;) {
      if (this.take('.')) {
        const token = this.#tokens[this.#position++]
        if (token?.kind === 'op' && token.value === '*')
          this.fail('object filters (.*) are not supported')
        if (token?.kind !== 'name') return this.fail('expected a property name')
        value = property(value, token.value)
      } else if (this.take('[')) {
        const key = this.or()
        this.expect(']')
        value = property(value, key)
      } else {
        return value
      }
    }
  }

  private primary(): unknown {
    const token = this.#tokens[this.#position++]
    if (!token) return this.fail('unexpected end')
    if (token.kind === 'string' || token.kind === 'number') return token.value
    if (token.kind === 'op') {
      if (token.value !== '(') return this.fail(`unexpected "${token.value}"`)
      const value = this.or()
      this.expect(')')
      return value
    }
    const literal = literalValue(token.value)
    if (literal !== undefined) return literal
    if (this.take('(')) return this.call(token.value)
    const { contexts } = this.#scope
    const name = Object.keys(contexts).find(
      key => key.toLowerCase() === token.value.toLowerCase()
    )
    if (name === undefined) this.fail(`unknown context "${token.value}"`)
    return contexts[name ?? '']
  }

  private call(name: string): unknown {
    const args: unknown[] = []
    while (!this.take(')')) {
      if (args.length > 0) this.expect(',')
      args.push(this.or())
    }
    return callFunction(name, args, this.#scope.status)
  }

  private take(op: string): boolean {
    const token = this.#tokens[this.#position]
    if (token?.kind !== 'op' || token.value !== op) return false
    this.#position += 1
    return true
  }

  private takeAny(ops: readonly string[]): string | undefined {
    return ops.find(op => this.take(op))
  }

  private expect(op: string): void {
    if (!this.take(op)) this.fail(`expected "${op}"`)
  }

  private fail(why: string): never {
    throw new Error(`expression "${this.#text.trim()}": ${why}`)
  }
}

const STATUS_FUNCTIONS = ['success', 'failure', 'cancelled', 'always']
const TEMPLATE = /\$\{\{([\s\S]*?)\}\}/g

/** A string with `${{ }}` parts, each replaced by its value's text. */
export function interpolate(template: string, scope: ExpressionScope): string {
  return template.replace(TEMPLATE, (_whole, inner: string) =>
    toText(evaluateExpression(inner, scope))
  )
}

/**
 * An `if:` (of a step or a job): the expression, optionally wrapped in
 * `${{ }}`, with `success() &&` in front unless it calls a status function
 * itself. Absent: `success()`.
 */
export function evaluateCondition(
  condition: unknown,
  scope: ExpressionScope
): boolean {
  if (condition === undefined || condition === null) {
    return scope.status === 'success'
  }
  if (typeof condition === 'boolean')
    return condition && scope.status === 'success'
  const text = String(condition).trim()
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(text)
  const inner = wrapped?.[1] ?? text
  if (inner.includes('${{')) {
    throw new Error(`if: "${text}": only one expression is supported`)
  }
  const value = evaluateExpression(inner, scope)
  if (callsStatusFunction(inner)) return truthy(value)
  return scope.status === 'success' && truthy(value)
}

function callsStatusFunction(text: string): boolean {
  const tokens = tokenize(text)
  return tokens.some(
    (token, index) =>
      token.kind === 'name' &&
      STATUS_FUNCTIONS.includes(token.value.toLowerCase()) &&
      tokens[index + 1]?.kind === 'op' &&
      tokens[index + 1]?.value === '('
  )
}
