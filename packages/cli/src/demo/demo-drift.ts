import type { Scene } from './demo-scene.js'

// The plan the environments last ran (chapter 5); its facts are read now.
const PLAN = '.github/rehearse-blue-green.yml'
const DRIFT = ['drift', '--config', PLAN]

/**
 * Chapter 6: nothing is deployed, yet production changes — someone sets a
 * value by hand. The drift check compares what each environment runs and
 * the plan's facts read from each: first only a release awaiting
 * promotion, then the hand-made difference, which it reports as drift.
 */
export async function driftChapter(scene: Scene): Promise<boolean> {
  scene.heading('6. Drift: production is changed by hand, outside any plan')
  scene.say(
    '\nThe plan declares facts: commands that read each environment as it is\n' +
      'now (node --version, a runtime setting). rehearse drift compares them,\n' +
      'with the release and fingerprint each environment runs.\n'
  )
  return (
    (await scene.act(DRIFT, 0, 'staging is only ahead: no drift')) &&
    (await scene.shell(
      ['./deploy/set-by-hand.sh', 'production', 'request-timeout', '120'],
      'an on-call fix, never rehearsed'
    )) &&
    (await scene.act(DRIFT, 1, 'the hand-made difference is drift'))
  )
}
