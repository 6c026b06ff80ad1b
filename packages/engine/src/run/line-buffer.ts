/** Turns a stream of output chunks into whole lines. */
export interface LineBuffer {
  /** Adds a chunk; emits every line it completes. */
  readonly push: (chunk: string) => void
  /** Emits the unterminated tail, if any (call once the stream has ended). */
  readonly flush: () => void
}

// A process that prints megabytes without a newline must not grow the buffer
// without bound; such a "line" is emitted in pieces of this size.
const MAX_LINE_LENGTH = 64 * 1024

/**
 * Line-buffers output so that a line written in several chunks is reported
 * as one. `\r\n` counts as a newline; the `\r` is dropped.
 */
export function createLineBuffer(emit: (line: string) => void): LineBuffer {
  let tail = ''
  const push = (chunk: string): void => {
    const parts = (tail + chunk).split('\n')
    tail = parts.pop() ?? ''
    for (const line of parts)
      emit(line.endsWith('\r') ? line.slice(0, -1) : line)
    while (tail.length >= MAX_LINE_LENGTH) {
      emit(tail.slice(0, MAX_LINE_LENGTH))
      tail = tail.slice(MAX_LINE_LENGTH)
    }
  }
  const flush = (): void => {
    if (tail !== '') emit(tail)
    tail = ''
  }
  return { push, flush }
}
