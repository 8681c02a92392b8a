// jsdom lacks structuredClone, which @dagrejs/dagre 3 uses.
if (typeof globalThis.structuredClone !== 'function') {
  globalThis.structuredClone = value => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
}
