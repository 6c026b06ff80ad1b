// The gate's side of @rehearse/data, on its own so the deploy bundles that
// register it do not carry the refresh (database drivers, COPY streams).
export { dataGate } from './receipt/data-gate.js'
