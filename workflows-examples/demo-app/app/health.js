// What /healthz reports: the app is up, and which release it is.
export function health(release) {
  return { status: 'ok', version: release.version }
}
