import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it
} from '@jest/globals'
import { isConfigurationError } from '@rehearse/core'
import { createGitHubSourceControl } from '../src/index.js'
import {
  expectNoViolations,
  OWNER,
  REPO,
  startBench,
  stopBench
} from './helpers.js'
import type { Bench } from './helpers.js'

let bench: Bench
// main: initial → [merge of feature] → [squash of topic] → main-only
// feature and topic each add one file on top of the main they branched from.
const commits: Record<string, string> = {}

async function buildHistory(): Promise<void> {
  const { repo } = bench
  await repo.branch('feature')
  await repo.checkout('feature')
  commits.feature = await repo.commit({
    files: { 'feature.txt': 'feature\n' },
    message: 'Feature'
  })
  await repo.checkout('main')
  commits.merge = await repo.mergeNoFf('feature')
  await repo.branch('topic')
  await repo.checkout('topic')
  commits.topic = await repo.commit({
    files: { 'topic.txt': 'topic\n' },
    message: 'Topic'
  })
  await repo.checkout('main')
  commits.squash = await repo.squashMerge('topic')
  await repo.branch('late')
  commits.mainOnly = await repo.commit({
    files: { 'main.txt': 'main\n' },
    message: 'Main moves on'
  })
  await repo.checkout('late')
  commits.late = await repo.commit({
    files: { 'late.txt': 'late\n' },
    message: 'Late topic'
  })
  await repo.checkout('main')
  commits.lateMerge = await repo.mergeNoFf('late')
  await repo.git('reset', '-q', '--hard', commits.mainOnly)
  await bench.gh.syncRefsFromGit()
}

function commit(name: string): string {
  const sha = commits[name]
  if (!sha) throw new Error(`no commit ${name}`)
  return sha
}

function sourceControl(workspace = bench.repo.dir) {
  return createGitHubSourceControl({
    octokit: bench.octokit,
    owner: OWNER,
    repo: REPO,
    workspace
  })
}

beforeAll(async () => {
  bench = await startBench()
  await buildHistory()
})
afterAll(() => stopBench(bench))
afterEach(() => expectNoViolations(bench.gh))

describe('headSha', () => {
  it('is the full sha of HEAD in a git checkout', async () => {
    await expect(sourceControl().headSha()).resolves.toBe(
      await bench.repo.head()
    )
  })

  it('tells the user to run actions/checkout outside a git checkout', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'rehearse-no-git-'))
    try {
      const error = await sourceControl(empty)
        .headSha()
        .catch((e: unknown) => e)
      expect(isConfigurationError(error)).toBe(true)
      expect((error as Error).message).toMatch(
        /is not a git checkout.*run actions\/checkout first/
      )
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })

  it('tells the user to run actions/checkout when the workspace is missing', async () => {
    const missing = path.join(tmpdir(), 'rehearse-missing-workspace-x')
    await expect(sourceControl(missing).headSha()).rejects.toThrow(
      /does not exist: run actions\/checkout first/
    )
  })
})

describe('treeOf', () => {
  it('gives a merge commit the tree of the branch it merged', async () => {
    const scm = sourceControl()
    expect(await scm.treeOf(commit('merge'))).toBe(
      await scm.treeOf(commit('feature'))
    )
    expect(await scm.treeOf(commit('merge'))).toBe(
      await bench.repo.tree(commit('merge'))
    )
  })

  it('gives a squash commit the tree of the squashed branch', async () => {
    const scm = sourceControl()
    expect(await scm.treeOf(commit('squash'))).toBe(
      await scm.treeOf(commit('topic'))
    )
  })

  it('tells merge commits of a branch behind main apart from the branch', async () => {
    const scm = sourceControl()
    expect(await scm.treeOf(commit('lateMerge'))).not.toBe(
      await scm.treeOf(commit('late'))
    )
  })

  it('says to push a commit GitHub does not have', async () => {
    await expect(sourceControl().treeOf('e'.repeat(40))).rejects.toThrow(
      /GitHub has no commit e{40} in acme\/widgets: push it first/
    )
  })
})

describe('isOnDefaultBranch', () => {
  it('is true for the head of the default branch and its ancestors', async () => {
    const scm = sourceControl()
    for (const name of ['mainOnly', 'squash', 'merge', 'feature']) {
      expect([name, await scm.isOnDefaultBranch(commit(name))]).toEqual([
        name,
        true
      ])
    }
  })

  it('is false for commits the default branch does not contain', async () => {
    const scm = sourceControl()
    for (const name of ['late', 'lateMerge']) {
      expect([name, await scm.isOnDefaultBranch(commit(name))]).toEqual([
        name,
        false
      ])
    }
    expect(await scm.isOnDefaultBranch('d'.repeat(40))).toBe(false)
  })
})
