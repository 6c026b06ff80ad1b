// The demo app's one API: what the smoke checks call besides /healthz.
export function greeting(release) {
  return { greeting: 'hello', version: release.version }
}
