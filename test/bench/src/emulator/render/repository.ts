import { nodeId, stableId } from '../urls.js'
import type { Urls } from '../urls.js'
import { renderUser } from './user.js'

/** What differs between the repositories the emulator renders. */
export interface RepositoryFacts {
  /** owner/name */
  fullName: string
  defaultBranch: string
  fork?: boolean
  /** The caller's permissions, shown by GET /repos/{owner}/{repo}. */
  permissions?: Record<string, boolean>
}

const CREATED = '2020-01-01T00:00:00Z'

function templatedUrls(api: string): Record<string, string> {
  return {
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`
  }
}

/**
 * A repository object that satisfies GitHub's `repository`,
 * `full-repository` and `minimal-repository` schemas at once.
 */
export function renderRepository(
  urls: Urls,
  facts: RepositoryFacts
): Record<string, unknown> {
  const [owner = urls.owner, name = urls.repo] = facts.fullName.split('/')
  const id = stableId(facts.fullName)
  const api = `${urls.api}/repos/${facts.fullName}`
  const web = `${urls.web}/${facts.fullName}`
  const host = new URL(urls.web).host
  return {
    id,
    node_id: nodeId('Repository', id),
    name,
    full_name: facts.fullName,
    owner: renderUser(urls, owner),
    private: true,
    html_url: web,
    description: null,
    fork: facts.fork ?? false,
    url: api,
    ...templatedUrls(api),
    git_url: `git://${host}/${facts.fullName}.git`,
    ssh_url: `git@${host}:${facts.fullName}.git`,
    clone_url: `${web}.git`,
    svn_url: web,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    subscribers_count: 1,
    network_count: 0,
    size: 128,
    default_branch: facts.defaultBranch,
    open_issues: 0,
    open_issues_count: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'private',
    license: null,
    allow_forking: true,
    web_commit_signoff_required: false,
    pushed_at: CREATED,
    created_at: CREATED,
    updated_at: CREATED,
    ...(facts.permissions ? { permissions: facts.permissions } : {})
  }
}
