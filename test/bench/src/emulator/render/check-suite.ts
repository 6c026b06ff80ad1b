import { suiteProgress } from '../check-suites.js'
import type { CommitInfo } from '../git-objects.js'
import type { CheckSuiteRecord, EmulatorState } from '../state.js'
import { nodeId } from '../urls.js'
import type { Urls } from '../urls.js'
import { renderPullsOfSha } from './pull.js'
import { renderRepository } from './repository.js'
import { renderApp } from './user.js'

type Json = Record<string, unknown>

// GitHub's `simple-commit`; a suite seeded for a sha git lacks still
// renders, with the suite's time and no people.
function headCommit(suite: CheckSuiteRecord, info: CommitInfo | undefined) {
  if (!info) {
    return {
      id: suite.headSha,
      tree_id: '',
      message: '',
      timestamp: suite.createdAt,
      author: null,
      committer: null
    }
  }
  return {
    id: info.sha,
    tree_id: info.tree,
    message: info.message,
    timestamp: info.committer.date,
    author: { name: info.author.name, email: info.author.email },
    committer: { name: info.committer.name, email: info.committer.email }
  }
}

/** GitHub's `check-suite`; the app is GitHub Actions, as for every token. */
export function renderCheckSuite(
  urls: Urls,
  state: EmulatorState,
  suite: CheckSuiteRecord,
  commit: CommitInfo | undefined
): Json {
  const url = `${urls.repoApi}/check-suites/${suite.id}`
  const progress = suiteProgress(state, suite)
  return {
    id: suite.id,
    node_id: nodeId('CheckSuite', suite.id),
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status: progress.status,
    conclusion: progress.conclusion,
    url,
    before: suite.before,
    after: suite.before === null ? null : suite.headSha,
    pull_requests: renderPullsOfSha(urls, state, suite.headSha),
    app: renderApp(urls),
    repository: renderRepository(urls, {
      fullName: `${state.owner}/${state.repo}`,
      defaultBranch: state.defaultBranch
    }),
    created_at: suite.createdAt,
    updated_at: suite.updatedAt,
    head_commit: headCommit(suite, commit),
    latest_check_runs_count: progress.runs,
    check_runs_url: `${url}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true
  }
}
