/**
 * Push, not poll: the model applies the kernel's change sets in place, catches up over
 * REST after a gap or a new session, never fetches after a reply while pushed to, and
 * measures graph-updated-after-reply.
 */
import type { GraphChangesJSON, GraphJSON, GraphResponse } from '../api/types';
import { applyChanges } from '../graph/changes';
import { LineageModel } from '../model';
import { threeCells } from './fixtures';

function changesBetween(before: GraphJSON, after: GraphJSON): GraphChangesJSON {
  const old = new Map(before.nodes.map(n => [n.id, JSON.stringify(n)]));
  const edgeKeys = new Set(before.edges.map(e => JSON.stringify(e)));
  const runs = new Map(before.cells.map(c => [c.run, JSON.stringify(c)]));
  return {
    format: 'lineage_ext.graph-changes/1',
    session_id: after.session_id,
    base_revision: before.revision,
    revision: after.revision,
    nodes: after.nodes.filter(n => old.get(n.id) !== JSON.stringify(n)),
    edges: after.edges.filter(e => !edgeKeys.has(JSON.stringify(e))),
    cells: after.cells.filter(c => runs.get(c.run) !== JSON.stringify(c))
  };
}

function setup(replies: GraphResponse[]) {
  const fetch = jest.fn(async () => {
    const next = replies.shift();
    if (!next) {
      throw new Error('no more replies');
    }
    return next;
  });
  let clock = 0;
  const model = new LineageModel({
    fetch,
    now: () => clock,
    pushLive: () => true
  });
  return { model, fetch, tick: (ms: number) => (clock += ms) };
}

const reply = (graph: GraphJSON, stale: string[] = []): GraphResponse => ({
  changed: true,
  revision: graph.revision,
  session_id: graph.session_id,
  graph,
  stale
});

describe('push', () => {
  it('applies a change set like the kernel does (ir/changes.py)', () => {
    const before = threeCells().json();
    const after = threeCells().run(4, 'A', [], ['a:2']).json();
    const merged = applyChanges(before, changesBetween(before, after));
    expect(merged.revision).toBe(after.revision);
    expect(merged.nodes.map(n => n.id)).toEqual(after.nodes.map(n => n.id));
    expect(merged.nodes.find(n => n.id === 'stmt:1:0')?.superseded).toBe(true);
    expect(merged.edges).toHaveLength(after.edges.length);
    expect(merged.cells).toHaveLength(after.cells.length);
  });

  it('updates the graph in place and never fetches after a reply', async () => {
    const before = threeCells().json();
    const after = threeCells().run(4, 'D', ['var:c:1'], ['d:1']).json();
    const { model, fetch, tick } = setup([reply(before)]);
    model.setNotebook('nb.ipynb', 'k1');
    await new Promise(r => setTimeout(r, 0));
    expect(fetch).toHaveBeenCalledTimes(1);
    const pushed = jest.fn();
    model.pushed.connect(pushed);

    model.executionStarted();
    tick(5);
    model.receive('k1', {
      type: 'changes',
      stale: [],
      changes: changesBetween(before, after)
    });
    expect(model.revision).toBe(after.revision);
    expect(model.view.nodes.map(n => n.id)).toContain('var:d:1');
    expect(pushed).toHaveBeenCalledTimes(1);
    model.rendered(model.revision); // drawn before the reply
    tick(3);
    await expect(model.executed()).resolves.toBe(false);
    expect(fetch).toHaveBeenCalledTimes(1); // no polling
    expect(model.latency).toEqual({ revision: after.revision, ms: 0 });
  });

  it('measures a change set that arrives after the reply', async () => {
    const before = threeCells().json();
    const after = threeCells().run(4, 'D', ['var:c:1'], ['d:1']).json();
    const { model, tick } = setup([reply(before)]);
    model.setNotebook('nb.ipynb', 'k1');
    await new Promise(r => setTimeout(r, 0));
    model.rendered(model.revision);
    tick(1);
    model.executionStarted();
    tick(10);
    await model.executed();
    tick(7);
    model.receive('k1', {
      type: 'changes',
      stale: [],
      changes: changesBetween(before, after)
    });
    model.rendered(model.revision);
    expect(model.latency).toEqual({ revision: after.revision, ms: 7 });
  });

  it('times a change set from its receipt to its drawing', async () => {
    const before = threeCells().json();
    const after = threeCells().run(4, 'D', ['var:c:1'], ['d:1']).json();
    const { model, tick } = setup([reply(before)]);
    model.setNotebook('nb.ipynb', 'k1');
    await new Promise(r => setTimeout(r, 0));
    const changes = changesBetween(before, after);
    model.receive('k1', { type: 'changes', stale: [], changes }, Date.now());
    tick(4);
    model.rendered(model.revision);
    expect(model.pushTiming?.revision).toBe(after.revision);
    expect(model.pushTiming?.renderMs).toBe(4);
    expect(model.pushTiming?.transitMs).toBeGreaterThanOrEqual(0);
  });

  it('takes the stale ids pushed with each change set as they are', async () => {
    const before = threeCells().json();
    const after = threeCells().run(4, 'A', [], ['a:2']).json();
    const { model } = setup([reply(before)]);
    model.setNotebook('nb.ipynb', 'k1');
    await new Promise(r => setTimeout(r, 0));
    expect(model.stale.size).toBe(0);
    model.receive('k1', {
      type: 'changes',
      changes: changesBetween(before, after),
      stale: ['artifact:b:1', 'var:b:1']
    });
    const stale = (id: string) =>
      model.view.nodes.find(n => n.id === id)?.stale;
    expect(stale('var:b:1')).toBe(true);
    expect(model.staleArtifacts).toEqual(new Set(['b:1']));
    // the kernel's verdict is the one shown: the panel derives no staleness of its own
    expect(stale('var:c:1')).toBe(false);
  });

  it('starts a new session from its hello and catches up over REST after a gap', async () => {
    const first = threeCells().json();
    const second = threeCells().run(4, 'D', ['var:c:1'], ['d:1']).json();
    const third = threeCells()
      .run(4, 'D', ['var:c:1'], ['d:1'])
      .run(5, 'E', ['var:d:1'], ['e:1'])
      .json();
    const empty: GraphJSON = {
      ...first,
      revision: 0,
      nodes: [],
      edges: [],
      cells: []
    };
    const nothing = {
      changed: false,
      revision: 0,
      session_id: 's1',
      graph: null,
      stale: []
    };
    const { model, fetch } = setup([nothing, nothing, reply(third)]);
    model.setNotebook('nb.ipynb', 'k1');
    await new Promise(r => setTimeout(r, 0));
    model.receive('k1', { type: 'hello', session_id: 's1', revision: 0 });
    await new Promise(r => setTimeout(r, 0)); // the hello asks REST once: nothing stored yet
    model.receive('k1', {
      type: 'changes',
      stale: [],
      changes: changesBetween(empty, first)
    });
    expect(model.revision).toBe(first.revision);
    expect(model.graph?.nodes).toHaveLength(first.nodes.length);
    // a change set of another kernel is not ours
    model.receive('k2', {
      type: 'changes',
      stale: [],
      changes: changesBetween(first, second)
    });
    expect(model.revision).toBe(first.revision);
    // the change set from second to third arrives without the one before: read over REST
    model.receive('k1', {
      type: 'changes',
      stale: [],
      changes: changesBetween(second, third)
    });
    await new Promise(r => setTimeout(r, 0));
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(model.revision).toBe(third.revision);
  });
});

describe('push hello', () => {
  it('starts from the graph the kernel sends when the comm opens', async () => {
    const graph = threeCells().json();
    const fetch = jest.fn(async () => ({
      changed: false,
      revision: 0,
      session_id: 's1',
      graph: null,
      stale: []
    }));
    const model = new LineageModel({
      fetch,
      now: () => 0,
      pushLive: () => true
    });
    model.setNotebook('nb.ipynb', 'k1');
    await new Promise(r => setTimeout(r, 0));
    model.receive('k1', {
      type: 'hello',
      session_id: 's1',
      revision: graph.revision,
      graph,
      stale: ['var:c:1']
    });
    expect(model.revision).toBe(graph.revision);
    expect([...model.stale]).toEqual(['var:c:1']);
    expect(model.view.nodes.map(n => n.id)).toContain('var:c:1');
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
