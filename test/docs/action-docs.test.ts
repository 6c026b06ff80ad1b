import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { contracts } from '@rehearse/actions'
import { loadPlan } from '@rehearse/engine'
import type { ActionName } from '../../packages/actions/src/contract.js'
import { initFiles } from '../../packages/cli/src/init/init-files.js'
import { detectProject } from '../../packages/cli/src/init/detect-project.js'
import {
  linkProblems,
  proseProblems,
  readmeTableProblems,
  tokenDescriptionProblems,
  workflowProblems,
  yamlBlocks
} from './support/doc-checks.js'

// The docs say only what the code has: every action README's tables,
// every workflow the repository shows (examples, README snippets, what
// `rehearse init` writes) against the actions' contracts and declared
// permissions; links that stay in the repository or go to public https
// URLs; generated sections as `npm run docs` writes them. Each check is
// also fed a deliberately wrong text, to show it would fail.

const root = join(import.meta.dirname, '..', '..')
const actions = Object.keys(contracts) as ActionName[]
const read = (path: string) => readFileSync(join(root, path), 'utf8')

/** Every Markdown file git knows, but vendored ones. */
const markdown = execFileSync('git', ['ls-files', '*.md', '**/*.md'], {
  cwd: root,
  encoding: 'utf8'
})
  .split('\n')
  .filter(path => path !== '' && !path.includes('node_modules/'))

const workflowFiles = ['workflows-examples', '.github/workflows'].flatMap(dir =>
  readdirSync(join(root, dir))
    .filter(name => /\.ya?ml$/.test(name))
    .map(name => `${dir}/${name}`)
)

describe('docs against the code', () => {
  it('action READMEs and the reason table are what npm run docs writes', () => {
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        './scripts/ts/register-ts.mjs',
        'scripts/action-docs.js',
        '--check'
      ],
      { cwd: root, encoding: 'utf8' }
    )
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  it.each(actions)(
    'actions/%s/README.md lists exactly its inputs, defaults and outputs',
    action => {
      expect(
        readmeTableProblems(action, read(`actions/${action}/README.md`))
      ).toEqual([])
    }
  )

  it.each(actions)(
    "actions/%s/action.yml's token description names the permissions it needs",
    action => {
      const manifest = parse(read(`actions/${action}/action.yml`)) as {
        inputs: Record<string, { description: string }>
      }
      expect(
        tokenDescriptionProblems(
          action,
          manifest.inputs['token']?.description ?? ''
        )
      ).toEqual([])
    }
  )

  it('every example workflow uses real inputs and outputs and grants the permissions', () => {
    expect(workflowFiles.length).toBeGreaterThan(5)
    const problems = workflowFiles.flatMap(file =>
      workflowProblems(file, read(file))
    )
    expect(problems).toEqual([])
  })

  it('every workflow snippet in the READMEs does too', () => {
    const problems = markdown.flatMap(file =>
      yamlBlocks(read(file)).flatMap(block =>
        workflowProblems(`${file}:${block.line}`, block.text)
      )
    )
    expect(problems).toEqual([])
  })

  it('the workflows rehearse init writes do too', () => {
    for (const fixture of ['empty', 'full']) {
      const facts = {
        ...detectProject(root),
        migrations:
          fixture === 'full'
            ? ({ tool: 'sql', dir: 'db/migrations' } as const)
            : undefined
      }
      const problems = initFiles(facts)
        .filter(file => file.path.startsWith('.github/workflows/'))
        .flatMap(file => workflowProblems(`init: ${file.path}`, file.text))
      expect(problems).toEqual([])
    }
  })

  it('inputs and outputs named in prose exist', () => {
    const problems = markdown.flatMap(file => proseProblems(file, read(file)))
    expect(problems).toEqual([])
    expect(
      proseProblems('x.md', 'Set the `lock-wait` input, read the `sha` output.')
    ).toEqual(['x.md:1: names the input "lock-wait", which no action has'])
  })

  it('links stay in the repository or go to public https URLs', () => {
    expect(markdown).toContain('README.md')
    const problems = markdown.flatMap(file =>
      linkProblems(root, join(root, file), read(file))
    )
    expect(problems).toEqual([])
  })

  it('no README says a part is not implemented', () => {
    const stale = markdown.filter(file =>
      /not (yet )?implemented|implemented yet/i.test(read(file))
    )
    expect(stale).toEqual([])
  })

  it('every example uses the @v0 tag the release workflow moves', () => {
    const texts = [
      ...markdown,
      ...workflowFiles,
      'packages/cli/src/init/workflow-text.ts'
    ].map(file => [file, read(file)] as const)
    const refs = new Set(
      texts.flatMap(([, text]) =>
        [
          ...text.matchAll(/rehearse\/rehearse\/actions\/[a-z-]+@([^\s'"`]+)/g)
        ].map(match => match[1])
      )
    )
    refs.delete('${ACTIONS_REF}')
    expect([...refs]).toEqual(['v0'])
    const release = read('.github/workflows/release.yml')
    expect(release).toContain('git tag -f v0 "$SHA"')
    expect(release).toContain('git push -f origin v0')
    expect(read('packages/cli/src/init/workflow-text.ts')).toContain(
      "export const ACTIONS_REF = 'v0'"
    )
  })

  it("the JSON Schema's step timeout default is the one the engine applies", () => {
    const schema = JSON.parse(
      read('packages/engine/schema/rehearse.schema.json')
    ) as {
      definitions: {
        step: { properties: Record<string, { description: string }> }
      }
    }
    const said = /Default (\d+)\./.exec(
      schema.definitions.step.properties['timeout-minutes']?.description ?? ''
    )?.[1]
    // A step that names no timeout gets the engine's default.
    const workspace = mkdtempSync(join(tmpdir(), 'rehearse-schema-'))
    try {
      writeFileSync(
        join(workspace, 'rehearse.yml'),
        'version: 1\ndeploy:\n  - run: echo deploy\nenvironments:\n  staging: { url: https://staging.example.com }\n'
      )
      const plan = loadPlan({
        workspace,
        file: 'rehearse.yml',
        environment: 'staging'
      })
      expect(said).toBeDefined()
      expect(plan.deploy[0]?.timeoutMinutes).toBe(Number(said))
    } finally {
      rmSync(workspace, { recursive: true, force: true })
    }
  })
})

describe('the docs checks fail on a deliberately wrong text', () => {
  const readme = read('actions/promote-to-prod/README.md')

  it('a README row for an input the code lacks, a wrong default, a missing row', () => {
    const extra = readme.replace(
      '| `from`',
      '| `bogus-input` | `1` | Not an input. |\n| `from`'
    )
    expect(readmeTableProblems('promote-to-prod', extra)).toEqual([
      'actions/promote-to-prod/README.md: input "bogus-input" is not an input of promote-to-prod'
    ])
    const wrongDefault = readme.replace(
      /\| `lock-wait-minutes` \| `10`/,
      '| `lock-wait-minutes` | `5`'
    )
    expect(readmeTableProblems('promote-to-prod', wrongDefault)).toEqual([
      'actions/promote-to-prod/README.md: input "lock-wait-minutes" defaults to 10, the README says 5'
    ])
    const missing = readme.replace(/^\| `rolled-back`.*\n/m, '')
    expect(readmeTableProblems('promote-to-prod', missing)).toEqual([
      'actions/promote-to-prod/README.md: output "rolled-back" has no row'
    ])
  })

  it('an input or output the action lacks, a permission the job does not grant', () => {
    const workflow = read('workflows-examples/pr-redeploy.yml')
    expect(
      workflowProblems(
        'pr-redeploy.yml',
        workflow.replace('environments: staging', 'environmentz: staging')
      )
    ).toEqual([
      'pr-redeploy.yml: job redeploy: pr-command has no input "environmentz"'
    ])
    expect(
      workflowProblems(
        'pr-redeploy.yml',
        workflow.replace(
          'steps.deploy.outputs.environment-url',
          'steps.deploy.outputs.url'
        )
      )
    ).toEqual([
      'pr-redeploy.yml: job redeploy: deploy-to-staging has no output "url"'
    ])
    const problems = workflowProblems(
      'pr-redeploy.yml',
      workflow.replace(/^ +checks: write.*\n/m, '')
    )
    expect(problems).toEqual([
      expect.stringContaining(
        'job redeploy grants checks: none; pr-command needs checks: read'
      ),
      expect.stringContaining(
        'job redeploy grants checks: none; deploy-to-staging needs checks: write'
      )
    ])
  })

  it('a token description with a wrong level or a missing scope', () => {
    const right =
      'Token for the GitHub API: statuses and checks write, deployments read, contents write.'
    expect(tokenDescriptionProblems('smoke-test', right)).toEqual([])
    expect(
      tokenDescriptionProblems(
        'smoke-test',
        right.replace('deployments read', 'deployments write, issues write')
      )
    ).toEqual([
      'actions/smoke-test/action.yml: token says deployments write; it needs read',
      'actions/smoke-test/action.yml: token names issues, which smoke-test never needs'
    ])
    expect(
      tokenDescriptionProblems('smoke-test', right.replace('checks ', ''))
    ).toEqual([
      'actions/smoke-test/action.yml: token does not name checks write'
    ])
  })

  it('a link above the repository, to a missing file, or not https', () => {
    const file = join(root, 'actions', 'pr-command', 'README.md')
    expect(
      linkProblems(
        root,
        file,
        'See [design](../../../shared/DESIGN.md), [gone](../missing.md), [x](http://example.com/a).\n'
      )
    ).toEqual([
      'actions/pr-command/README.md:1: names ../shared, which a clone does not have',
      'actions/pr-command/README.md:1: ../../../shared/DESIGN.md leaves the repository',
      'actions/pr-command/README.md:1: ../missing.md does not exist',
      'actions/pr-command/README.md:1: http://example.com/a is not a public https URL'
    ])
  })
})
