import type { Route } from '../route.js'
import { checkSuiteRoutes } from './check-suites.js'
import { checkRoutes } from './checks.js'
import { collaboratorRoutes } from './collaborators.js'
import { commitRoutes } from './commits.js'
import { deploymentStatusRoutes } from './deployment-statuses.js'
import { deploymentRoutes } from './deployments.js'
import { environmentRoutes } from './environments.js'
import { gitDataRoutes } from './git-data.js'
import { gitRefRoutes } from './git-refs.js'
import { issueRoutes } from './issues.js'
import { pullRoutes } from './pulls.js'
import { repoIssueRoutes } from './repo-issues.js'
import { repositoryRoutes } from './repository.js'
import { statusRoutes } from './statuses.js'
import { timelineRoutes } from './timeline.js'

/**
 * Every implemented endpoint, in matching order: the first match wins, so
 * routes with a catch-all `{ref+}` come after their more specific siblings.
 */
export const routes: readonly Route[] = [
  ...repositoryRoutes,
  ...deploymentRoutes,
  ...deploymentStatusRoutes,
  ...environmentRoutes,
  ...statusRoutes,
  ...checkRoutes,
  ...checkSuiteRoutes,
  ...pullRoutes,
  ...issueRoutes,
  ...repoIssueRoutes,
  ...timelineRoutes,
  ...collaboratorRoutes,
  ...gitRefRoutes,
  ...gitDataRoutes,
  ...commitRoutes
]
