import type { GraphResponse } from '../api/types';
import { LineageModel } from '../model';
import { RERUN_A_STALE, threeCells } from './fixtures';

function reply(
  graph = threeCells().json(),
  stale: string[] = []
): GraphResponse {
  return {
    changed: true,
    revision: graph.revision,
    session_id: 's1',
    graph,
    stale
  };
}
const unchanged = (revision: number): GraphResponse => ({
  changed: false,
  revision,
  session_id: 's1',
  graph: null,
  stale: []
});

function makeModel(replies: GraphResponse[], pushLive = false) {
  const fetch = jest.fn(async () => {
    const next = replies.shift();
    if (!next) {
      throw new Error('no more replies');
    }
    return next;
  });
  const model = new LineageModel({
    fetch,
    now: () => 1000,
    pushLive: () => pushLive
  });
  return { model, fetch };
}

describe('LineageModel', () => {
  it('follows a notebook by kernel and fetches its graph', async () => {
    const { model, fetch } = makeModel([reply()]);
    const changes = jest.fn();
    model.changed.connect(changes);
    model.setNotebook('nb.ipynb', 'k1', '/root/nb.ipynb');
    await Promise.resolve();
    await model.refresh().catch(() => undefined);
    expect(fetch).toHaveBeenCalledWith({ kernelId: 'k1', since: null });
    expect(model.graph?.nodes).toHaveLength(7);
    expect(model.view.nodes.map(n => n.id)).toContain('var:b:1');
    expect(changes).toHaveBeenCalled();
  });

  it('asks by the recorded path when the notebook has no kernel', async () => {
    const { model, fetch } = makeModel([unchanged(0)]);
    model.setNotebook('nb.ipynb', null, '/root/nb.ipynb');
    await new Promise(r => setTimeout(r, 0));
    expect(fetch).toHaveBeenCalledWith({ path: '/root/nb.ipynb', since: null });
  });

  it('reads the graph once after an execute reply when the kernel does not push', async () => {
    const first = threeCells().json();
    const second = threeCells().run(4, 'D', ['var:c:1'], ['d:1']).json();
    const { model, fetch } = makeModel([reply(first), reply(second)]);
    model.setNotebook('nb.ipynb', 'k1');
    await new Promise(r => setTimeout(r, 0));
    expect(model.revision).toBe(first.revision);
    await expect(model.executed()).resolves.toBe(true);
    expect(fetch).toHaveBeenLastCalledWith({
      kernelId: 'k1',
      since: first.revision
    });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(model.revision).toBe(second.revision);
    expect(model.replyAt).toBe(1000);
  });

  it('reports errors of the one read', async () => {
    const { model } = makeModel([reply()]);
    model.setNotebook('nb.ipynb', 'k1');
    await new Promise(r => setTimeout(r, 0));
    await expect(model.executed()).resolves.toBe(false);
    expect(model.error).toBe('no more replies');
  });

  it('keeps node positions when the graph grows', async () => {
    const first = threeCells().json();
    const second = threeCells().run(4, 'D', ['var:c:1'], ['d:1']).json();
    const { model } = makeModel([reply(first), reply(second)]);
    model.setNotebook('nb.ipynb', 'k1');
    await new Promise(r => setTimeout(r, 0));
    const before = new Map(model.layout.boxes);
    await model.refresh();
    for (const [id, box] of before) {
      expect(model.layout.boxes.get(id)).toEqual(box);
    }
    expect(model.layout.boxes.has('var:d:1')).toBe(true);
  });

  it('highlights the selected cell and marks what the server says is stale', async () => {
    // the server's verdict for this graph (ir/staleness.py): the model takes it as is
    const stale = RERUN_A_STALE;
    const { model } = makeModel([
      reply(threeCells().run(4, 'A', [], ['a:2']).json(), stale)
    ]);
    model.setNotebook('nb.ipynb', 'k1');
    await new Promise(r => setTimeout(r, 0));
    model.selectCell('B');
    expect([...model.highlighted].sort()).toEqual(['stmt:2:0', 'var:b:1']);
    expect(model.staleArtifacts).toEqual(new Set(['b:1']));
    expect([...model.stale].sort()).toEqual(stale);
    const marked = model.view.nodes.filter(n => n.stale).map(n => n.id);
    expect(marked.sort()).toEqual(stale);
    model.setOptions({ mode: 'cells' });
    expect(model.view.collapsed).toBe(true);
  });
});
