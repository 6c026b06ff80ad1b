export {
  migrationFileChecksum,
  migrationSetChecksum
} from './migration-set-checksum.js'
