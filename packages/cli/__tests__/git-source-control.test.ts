import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createGitRepo } from '@rehearse/bench'
import type { GitRepo } from '@rehearse/bench'
import { ConfigurationError } from '@rehearse/core'
import { createGitSourceControl } from '../src/git/git-source-control.js'
import {
  currentBranch,
  findRepositoryRoot,
  resolveCommit
} from '../src/git/repository.js'

let repo: GitRepo

beforeEach(async () => {
  repo = await createGitRepo()
})

afterEach(async () => {
  await repo.dispose()
})

describe('git source control', () => {
  it('answers HEAD and the tree of a commit as full SHAs', async () => {
    const sha = await repo.commit({ files: { 'a.txt': 'a' }, message: 'one' })
    const source = createGitSourceControl(repo.dir)
    expect(await source.headSha()).toBe(sha)
    expect(await source.treeOf(sha)).toBe(await repo.tree(sha))
  })

  it('gives a merge commit and a squash of the same code the same tree as the rehearsed commit', async () => {
    await repo.commit({ files: { 'a.txt': 'a' }, message: 'base' })
    await repo.branch('feature')
    await repo.checkout('feature')
    const rehearsed = await repo.commit({
      files: { 'b.txt': 'b' },
      message: 'feature'
    })
    await repo.checkout('main')
    const squashed = await repo.squashMerge('feature')
    const source = createGitSourceControl(repo.dir)
    expect(await source.treeOf(squashed)).toBe(await source.treeOf(rehearsed))
  })

  it('tells whether a commit is on main, independently of init.defaultBranch', async () => {
    const base = await repo.commit({ files: { 'a.txt': 'a' }, message: 'base' })
    await repo.branch('feature')
    await repo.checkout('feature')
    const feature = await repo.commit({
      files: { 'b.txt': 'b' },
      message: 'feature'
    })
    const source = createGitSourceControl(repo.dir)
    expect(await source.isOnDefaultBranch(base)).toBe(true)
    expect(await source.isOnDefaultBranch(feature)).toBe(false)
    await repo.checkout('main')
    await repo.mergeNoFf('feature')
    expect(await source.isOnDefaultBranch(feature)).toBe(true)
  })

  it('uses the branch given by --default-branch instead of main', async () => {
    await repo.commit({ files: { 'a.txt': 'a' }, message: 'base' })
    await repo.branch('trunk')
    await repo.checkout('trunk')
    const onTrunk = await repo.commit({
      files: { 'b.txt': 'b' },
      message: 'trunk'
    })
    const source = createGitSourceControl(repo.dir, { defaultBranch: 'trunk' })
    expect(await source.isOnDefaultBranch(onTrunk)).toBe(true)
    expect(
      await createGitSourceControl(repo.dir).isOnDefaultBranch(onTrunk)
    ).toBe(false)
  })

  it('follows origin/HEAD when the clone has one', async () => {
    await repo.commit({ files: { 'a.txt': 'a' }, message: 'base' })
    await repo.branch('develop')
    await repo.checkout('develop')
    const onDevelop = await repo.commit({
      files: { 'b.txt': 'b' },
      message: 'dev'
    })
    await repo.git('update-ref', 'refs/remotes/origin/develop', onDevelop)
    await repo.git(
      'symbolic-ref',
      'refs/remotes/origin/HEAD',
      'refs/remotes/origin/develop'
    )
    expect(
      await createGitSourceControl(repo.dir).isOnDefaultBranch(onDevelop)
    ).toBe(true)
  })

  it('says to pass --default-branch when the default branch does not exist', async () => {
    const sha = await repo.commit({ files: { 'a.txt': 'a' }, message: 'base' })
    const source = createGitSourceControl(repo.dir, { defaultBranch: 'nope' })
    await expect(source.isOnDefaultBranch(sha)).rejects.toThrow(
      /default branch "nope" does not exist.*--default-branch/
    )
  })

  it('refuses what is not a commit id, so nothing reaches git as an option', async () => {
    await repo.commit({ files: { 'a.txt': 'a' }, message: 'base' })
    const source = createGitSourceControl(repo.dir)
    await expect(source.treeOf('--output=/tmp/x')).rejects.toThrow(
      ConfigurationError
    )
    await expect(source.isOnDefaultBranch('HEAD~1')).rejects.toThrow(
      /not a commit SHA/
    )
    await expect(source.treeOf('0'.repeat(40))).rejects.toThrow(
      /is not in this repository/
    )
  })

  it('finds the repository root from a subdirectory, and says so outside any repository', async () => {
    await mkdir(join(repo.dir, 'deep', 'er'), { recursive: true })
    expect(await findRepositoryRoot(join(repo.dir, 'deep', 'er'))).toBe(
      await findRepositoryRoot(repo.dir)
    )
    const outside = await mkdtemp(join(tmpdir(), 'rehearse-nogit-'))
    try {
      await expect(findRepositoryRoot(outside)).rejects.toThrow(
        /is not inside a git repository/
      )
    } finally {
      await rm(outside, { recursive: true, force: true })
    }
  })

  it('resolves a short SHA to the full one, and names the branch or nothing when detached', async () => {
    const sha = await repo.commit({ files: { 'a.txt': 'a' }, message: 'base' })
    expect(await resolveCommit(repo.dir, sha.slice(0, 8))).toBe(sha)
    await expect(resolveCommit(repo.dir, 'deadbeef')).rejects.toThrow(
      /--sha: "deadbeef" is not a commit/
    )
    await expect(resolveCommit(repo.dir, '--all')).rejects.toThrow(
      /is not a commit/
    )
    expect(await currentBranch(repo.dir)).toBe('main')
    await repo.checkout(sha)
    expect(await currentBranch(repo.dir)).toBeUndefined()
  })

  it('reports a repository without commits as having no HEAD yet', async () => {
    await expect(createGitSourceControl(repo.dir).headSha()).rejects.toThrow(
      /cannot read HEAD/
    )
  })
})
