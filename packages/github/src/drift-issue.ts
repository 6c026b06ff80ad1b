import { setTimeout as sleep } from 'node:timers/promises'
import type { Octokit } from '@octokit/rest'
import { ConfigurationError } from '@rehearse/core'
import { callGitHub, httpFailure, isTransient } from './github-errors.js'

/** The label the drift issue carries; GitHub creates it on first use. */
export const DRIFT_LABEL = 'rehearse-drift'

/** The hidden first line of the drift issue's body: how it is found again. */
export const DRIFT_MARKER = '<!-- rehearse:drift -->'

// GitHub refuses bodies over 65536 characters.
const MAX_BODY = 65_000
// Opening is tried this often when GitHub answers 5xx; before each retry
// the issue is looked for, so one GitHub created but did not confirm is
// found instead of opened twice (ensure-deployment does the same).
const OPEN_ATTEMPTS = 3
const RECHECK_DELAY_MS = 1000

/** Where the drift issue lives. */
export interface DriftIssueOptions {
  readonly octokit: Octokit
  readonly owner: string
  readonly repo: string
  /** Where a retried request is told (the job's warnings). */
  readonly warn?: (message: string) => void
}

/** What the drift check found, as the issue should show it. */
export interface DriftIssueContent {
  /** Whether anything drifts now. */
  readonly drift: boolean
  readonly title: string
  /** Markdown below the hidden marker: the report. */
  readonly body: string
  /** One line for the comments on closing and reopening (when, which run). */
  readonly checked: string
}

/** What {@link syncDriftIssue} did. */
export interface DriftIssueResult {
  readonly action:
    'opened' | 'reopened' | 'updated' | 'unchanged' | 'closed' | 'none'
  readonly number?: number
  readonly url?: string
}

interface Found {
  readonly number: number
  readonly state: string
  readonly title: string
  readonly body: string
  readonly url: string
}

/**
 * Keeps the repository's one drift issue in step with the check: opens it
 * when drift appears (or reopens the last one, so there is never a second),
 * edits it only when what drifts changed, and closes it with a short
 * comment when drift ends. The issue is found by its label and the hidden
 * marker that starts its body; only people with triage access can label
 * an issue, so nobody else can make one look like it.
 */
export async function syncDriftIssue(
  options: DriftIssueOptions,
  content: DriftIssueContent
): Promise<DriftIssueResult> {
  const found = await call(options, 'reading the drift issue', () =>
    findDriftIssue(options)
  )
  const done = (action: DriftIssueResult['action'], issue?: Found) => ({
    action,
    ...(issue ? { number: issue.number, url: issue.url } : {})
  })
  if (!content.drift) {
    if (found?.state !== 'open') return done('none', found)
    await comment(options, found, `✅ Drift ended: ${content.checked}`)
    await edit(options, found, { state: 'closed', state_reason: 'completed' })
    return done('closed', found)
  }
  const body = fit(`${DRIFT_MARKER}\n${content.body}`)
  const { title } = content
  if (!found) return done('opened', await open(options, title, body))
  if (found.state !== 'open') {
    await edit(options, found, { state: 'open', title, body })
    await comment(options, found, `⚠️ Drift is back: ${content.checked}`)
    return done('reopened', found)
  }
  if (found.body === body && found.title === title)
    return done('unchanged', found)
  await edit(options, found, { title, body })
  return done('updated', found)
}

async function open(
  options: DriftIssueOptions,
  title: string,
  body: string
): Promise<Found> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { data } = await call(options, 'opening the drift issue', () =>
        options.octokit.rest.issues.create({
          owner: options.owner,
          repo: options.repo,
          title,
          body,
          labels: [DRIFT_LABEL],
          request: { retries: 0 }
        })
      )
      return { ...data, body: data.body ?? '', url: data.html_url }
    } catch (error) {
      if (!isTransient(error) || attempt >= OPEN_ATTEMPTS) throw error
      options.warn?.(
        `Opening the drift issue failed (${(error as Error).message}); checking whether GitHub opened it before trying again.`
      )
      await sleep(RECHECK_DELAY_MS * attempt)
      const landed = await call(options, 'reading the drift issue', () =>
        findDriftIssue(options)
      )
      if (landed?.state === 'open') return landed
    }
  }
}

/** The open drift issue, else the newest closed one; pull requests never. */
async function findDriftIssue(
  options: DriftIssueOptions
): Promise<Found | undefined> {
  const issues = await options.octokit.paginate(
    options.octokit.rest.issues.listForRepo,
    {
      owner: options.owner,
      repo: options.repo,
      labels: DRIFT_LABEL,
      state: 'all',
      sort: 'created',
      direction: 'desc',
      per_page: 100
    }
  )
  const ours = issues
    .filter(issue => !issue.pull_request)
    .filter(issue => (issue.body ?? '').startsWith(`${DRIFT_MARKER}\n`))
    .map(issue => ({
      number: issue.number,
      state: issue.state,
      title: issue.title,
      body: issue.body ?? '',
      url: issue.html_url
    }))
  return ours.find(issue => issue.state === 'open') ?? ours[0]
}

async function edit(
  options: DriftIssueOptions,
  issue: Found,
  changes: {
    state?: 'open' | 'closed'
    state_reason?: 'completed'
    title?: string
    body?: string
  }
): Promise<void> {
  await call(options, `updating drift issue #${issue.number}`, () =>
    options.octokit.rest.issues.update({
      owner: options.owner,
      repo: options.repo,
      issue_number: issue.number,
      ...changes
    })
  )
}

async function comment(
  options: DriftIssueOptions,
  issue: Found,
  body: string
): Promise<void> {
  await call(options, `commenting on drift issue #${issue.number}`, () =>
    options.octokit.rest.issues.createComment({
      owner: options.owner,
      repo: options.repo,
      issue_number: issue.number,
      body
    })
  )
}

function fit(body: string): string {
  if (body.length <= MAX_BODY) return body
  return `${body.slice(0, MAX_BODY)}\n\n… (cut: the job summary has the whole report)`
}

// A missing `issues: write` is the likely mistake; issues switched off in
// the repository (410) is the other one.
async function call<T>(
  options: DriftIssueOptions,
  action: string,
  run: () => Promise<T>
): Promise<T> {
  const repository = `${options.owner}/${options.repo}`
  try {
    return await callGitHub(
      { action, permission: 'issues: write' },
      repository,
      run
    )
  } catch (error) {
    if (httpFailure(error)?.status === 410)
      throw new ConfigurationError(
        `GitHub refused ${action}: issues are disabled in ${repository}. Enable them (Settings → General → Features), or run the drift check where it can keep its issue.`,
        { cause: error }
      )
    throw error
  }
}
