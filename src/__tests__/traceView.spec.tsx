/**
 * The call trace in the panel: the model (loading, loaded, missing, racing opens), the
 * view rendered from a fixture trace, and the panel opening it from a trace node.
 */
import React, { act } from 'react';

import { LineageAPIError, requestAPI } from '../api/request';
import type { TraceResponse } from '../api/types';
import { ArtifactsModel } from '../artifactsModel';
import type { IViewNode } from '../graph/derive';
import { LineageModel } from '../model';
import { ITraceState, MISSING_TRACE, TraceModel } from '../traceModel';
import { IPanelActions, LineagePanelView } from '../widgets/LineagePanel';
import { TraceView } from '../widgets/TraceView';
import { threeCells, traceResult, withTrace } from './fixtures';
import { createRoot, IRoot } from './reactRoot';

jest.mock('../api/request', () => ({
  ...jest.requireActual('../api/request'),
  requestAPI: jest.fn()
}));
// Lumino widgets need browser events jsdom lacks; the panel's React view needs neither
jest.mock('@jupyterlab/ui-components', () => ({
  ReactWidget: class {},
  LabIcon: class {}
}));
const mockedRequest = requestAPI as jest.MockedFunction<typeof requestAPI>;

const reply = (): TraceResponse => ({ session_id: 's1', trace: traceResult() });
const ready = (): ITraceState => ({
  traceId: 't1',
  nodeId: 'trace:t1',
  status: 'ready',
  trace: traceResult(),
  error: null
});
/** The view's markup, rendered by React into a detached element. */
const html = (state: ITraceState, goTo: (() => void) | null = null): string => {
  const element = document.createElement('div');
  const root = createRoot(element);
  act(() =>
    root.render(
      <TraceView state={state} onBack={() => undefined} onGoToCell={goTo} />
    )
  );
  const markup = element.innerHTML;
  act(() => root.unmount());
  return markup;
};

describe('trace model', () => {
  it('fetches the trace by id and goes from loading to ready', async () => {
    mockedRequest.mockResolvedValueOnce(reply());
    const model = new TraceModel();
    const seen: string[] = [];
    model.changed.connect(() => seen.push(model.state?.status ?? 'closed'));
    await model.open('a/b', 'trace:a/b');
    expect(mockedRequest).toHaveBeenLastCalledWith('traces/a%2Fb');
    expect(seen).toEqual(['loading', 'ready']);
    expect(model.state!.trace!.total_calls).toBe(4);
    model.close();
    expect(model.state).toBeNull();
    expect(seen).toEqual(['loading', 'ready', 'closed']);
  });

  it('says plainly when the trace is gone, and passes other errors through', async () => {
    const model = new TraceModel(() =>
      Promise.reject(new LineageAPIError('trace "t9" not found', 404))
    );
    await model.open('t9', 'trace:t9');
    expect(model.state).toMatchObject({
      status: 'error',
      error: MISSING_TRACE
    });
    const failing = new TraceModel(() =>
      Promise.reject(new LineageAPIError('malformed trace id', 400))
    );
    await failing.open('?', 'trace:?');
    expect(failing.state!.error).toBe('malformed trace id');
  });

  it('lets the last open win and ignores a reply after close', async () => {
    let release: (r: TraceResponse) => void = () => undefined;
    const slow = new Promise<TraceResponse>(resolve => (release = resolve));
    const fetch = jest
      .fn<Promise<TraceResponse>, [string]>()
      .mockReturnValueOnce(slow)
      .mockResolvedValueOnce({
        ...reply(),
        trace: { ...traceResult(), trace_id: 't2' }
      });
    const model = new TraceModel(fetch);
    const first = model.open('t1', 'trace:t1');
    await model.open('t2', 'trace:t2');
    release(reply());
    await first;
    expect(model.state).toMatchObject({ traceId: 't2', status: 'ready' });
    expect(model.state!.trace!.trace_id).toBe('t2');
    const third = new TraceModel(() => Promise.resolve(reply()));
    const pending = third.open('t1', 'trace:t1');
    third.close();
    await pending;
    expect(third.state).toBeNull();
  });
});

describe('trace view', () => {
  it('shows the summary and a table of calls per stage', () => {
    const text = html(ready());
    expect(text).toContain('clean → score');
    expect(text).toMatch(/<dt>Calls<\/dt><dd>4 recorded<\/dd>/);
    expect(text).toMatch(
      /<dt>Dropped<\/dt><dd>1 \(limit 2 per function\)<\/dd>/
    );
    expect(text).toMatch(/<dt>Duration<\/dt><dd>270 µs<\/dd>/);
    expect(text).toContain('aria-label="Calls of stage clean"');
    expect(text).toContain('aria-label="Calls of stage score"');
    expect(text).toContain('xs = </span><code>[1, 2, 3]</code>');
    expect(text).toContain('len 3');
    expect(text).toContain('15.6 µs');
    expect(text).toContain('Not recorded (past the limit): score × 1');
  });

  it('indents nested calls, names results and cuts long previews', () => {
    const text = html(ready());
    expect(text).toMatch(
      /data-depth="1"><td style="padding-left: 18px;">.*Cleaner\.normalize/
    );
    expect(text).toContain('ratio = </span><code>0.5</code>');
    expect(text).toContain('shape (3, 2) · dtype float64');
    expect(text).toContain(`title="DataFrame: ${'x'.repeat(200)}"`);
    expect(text).toContain(`<code>${'x'.repeat(59)}…</code>`);
    expect(text).toContain('1.00 ms');
  });

  it('highlights calls that raised', () => {
    const text = html(ready());
    expect(text).toMatch(
      /class="jp-LineageTrace-call jp-mod-error" data-depth="0">.*raised ValueError: empty/
    );
    expect(text.match(/jp-mod-error/g)).toHaveLength(1);
  });

  it('shows loading and error states, and Go to cell only when possible', () => {
    const loading = html({ ...ready(), status: 'loading', trace: null });
    expect(loading).toContain('Loading the call trace');
    expect(loading).not.toContain('Go to cell');
    const gone = html({
      ...ready(),
      status: 'error',
      trace: null,
      error: MISSING_TRACE
    });
    expect(gone).toContain(
      'role="alert">This trace is no longer in the store.'
    );
    expect(html(ready(), () => undefined)).toContain('Go to cell');
  });
});

describe('trace in the panel', () => {
  let container: HTMLDivElement;
  let root: IRoot;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.appendChild(container);
    root = createRoot(container);
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
  });

  it('opens from a trace node, goes to the statement cell, closes with Escape', async () => {
    const graph = withTrace(threeCells(), 'stmt:2:0').json();
    const model = new LineageModel({
      fetch: async () => ({
        changed: true,
        revision: graph.revision,
        session_id: 's1',
        graph,
        stale: []
      })
    });
    const traces = new TraceModel(async () => reply());
    const activated: IViewNode[] = [];
    const actions = {
      activateNode: (node: IViewNode) => activated.push(node)
    } as unknown as IPanelActions;
    await act(async () => {
      model.setNotebook('nb.ipynb', 'k1');
      root.render(
        <LineagePanelView
          model={model}
          artifacts={new ArtifactsModel()}
          traces={traces}
          actions={actions}
        />
      );
    });
    const node = container.querySelector<SVGGElement>(
      '[data-node-id="trace:t1"]'
    )!;
    expect(node.getAttribute('aria-label')).toBe(
      'call trace clean → score · 3 calls'
    );
    expect(node.getAttribute('data-cell-id')).toBe('B');
    await act(async () => {
      node.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })
      );
    });
    const view = container.querySelector('[data-testid="lineage-trace"]')!;
    expect(view.getAttribute('data-status')).toBe('ready');
    expect(document.activeElement).toBe(view);
    expect(activated).toEqual([]); // a trace node opens the trace, not the cell
    expect(node.classList).toContain('jp-mod-focus');
    const goTo = Array.from(view.querySelectorAll('button')).find(
      b => b.textContent === 'Go to cell'
    )!;
    act(() => goTo.click());
    expect(activated.map(n => [n.id, n.cellId])).toEqual([['stmt:2:0', 'B']]);
    act(() => {
      view.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })
      );
    });
    expect(container.querySelector('[data-testid="lineage-trace"]')).toBeNull();
    expect(traces.state).toBeNull();
    expect(node.classList).not.toContain('jp-mod-focus');
    expect(document.activeElement).toBe(node);
  });
});
