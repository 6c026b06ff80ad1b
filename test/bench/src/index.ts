/** The test bench: GitHub without GitHub, and the runner without a runner. */
export * from './emulator/index.js'
export * from './runner/index.js'
export * from './workflow/index.js'
export * from './payloads/index.js'
export * from './git/git-repo.js'
