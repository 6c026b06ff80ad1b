import { readFile } from 'node:fs/promises'
import { ConfigurationError } from '@rehearse/core'
import type { LedgerData } from './ledger-data.js'
import { emptyLedger } from './ledger-data.js'

/** The ledger file's contents; an empty ledger when the file does not exist. */
export async function readLedger(path: string): Promise<LedgerData> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLedger()
    throw error
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw unreadable(path, (error as Error).message)
  }
  if (!isLedgerData(data)) {
    throw unreadable(path, 'it is not a rehearse ledger (format 1)')
  }
  return data
}

function isLedgerData(value: unknown): value is LedgerData {
  const data = value as Partial<LedgerData> | null
  return (
    typeof data === 'object' &&
    data !== null &&
    data.format === 'rehearse-ledger' &&
    data.version === 1 &&
    typeof data.nextId === 'number' &&
    Array.isArray(data.deployments) &&
    typeof data.stages === 'object' &&
    data.stages !== null
  )
}

function unreadable(path: string, why: string): ConfigurationError {
  return new ConfigurationError(
    `${path} cannot be read: ${why}. Only rehearse writes this file; restore it, or delete it to start a new local history.`,
    { reason: 'ledger_unreadable' }
  )
}
