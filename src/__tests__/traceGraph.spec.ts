/** Call traces in the graph view (derive, cell selection) and the duration/value formatting. */
import { DEFAULT_VIEW, deriveView, IViewOptions } from '../graph/derive';
import { indexGraph, nodesOfCell, traceOwner } from '../graph/index';
import { formatDuration, truncate, valueMeta } from '../widgets/format';
import { GraphFixture, threeCells, withTrace } from './fixtures';

const view = (fixture: GraphFixture, options: Partial<IViewOptions> = {}) => {
  const index = indexGraph(fixture.json());
  return deriveView(index, { ...DEFAULT_VIEW, ...options }, new Set());
};

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [undefined, '—'],
    [-5, '—'],
    [0, '0 ns'],
    [512, '512 ns'],
    [4076, '4.08 µs'],
    [15563, '15.6 µs'],
    [270222, '270 µs'],
    [999700, '1.00 ms'],
    [12_340_000, '12.3 ms'],
    [2_500_000_000, '2.50 s'],
    [59_999_000_000, '60.0 s'],
    [61_400_000_000, '1 min 1 s'],
    [3_725_000_000_000, '62 min 5 s']
  ])('formats %p ns as %p', (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });
});

describe('value display helpers', () => {
  it('truncates long text with an ellipsis and keeps short text', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });

  it('describes shape and dtype, or the length of sized values', () => {
    expect(
      valueMeta({
        type: 'ndarray',
        preview: '',
        shape: [3, 2],
        dtype: 'float64',
        length: 3
      })
    ).toBe('shape (3, 2) · dtype float64');
    expect(valueMeta({ type: 'list', preview: '[]', length: 0 })).toBe('len 0');
    expect(valueMeta({ type: 'int', preview: '2' })).toBe('');
  });
});

describe('trace nodes in the view', () => {
  const traced = () => withTrace(threeCells(), 'stmt:2:0');

  it('draws a trace node attached to its statement, labelled by its stages', () => {
    const v = view(traced());
    const trace = v.nodes.find(n => n.id === 'trace:t1')!;
    expect(trace).toMatchObject({
      kind: 'trace',
      label: 'clean → score · 3 calls',
      cellId: 'B',
      members: ['trace:t1'],
      superseded: false,
      stale: false
    });
    expect(trace.data.trace_id).toBe('t1');
    expect(v.edges).toContainEqual({
      source: 'stmt:2:0',
      target: 'trace:t1',
      kind: 'traces'
    });
  });

  it('keeps the trace its own node attached to the cell when collapsed', () => {
    const cells = view(traced(), { mode: 'cells' });
    expect(cells.nodes.map(n => n.id)).toEqual([
      'cell:1',
      'cell:2',
      'cell:3',
      'artifact:b:1',
      'trace:t1'
    ]);
    expect(cells.nodes.find(n => n.id === 'cell:2')!.members).not.toContain(
      'trace:t1'
    );
    expect(cells.edges).toContainEqual({
      source: 'cell:2',
      target: 'trace:t1',
      kind: 'traces'
    });
  });

  it('is found by the name filter through its stages, with its statement', () => {
    const ids = view(traced(), { filter: 'score' }).nodes.map(n => n.id);
    expect(ids.sort()).toEqual(['stmt:2:0', 'trace:t1']);
  });

  it('follows its statement in upstream focus and cell selection', () => {
    const up = view(traced(), {
      focus: { id: 'trace:t1', direction: 'upstream' }
    });
    expect(up.nodes.map(n => n.id).sort()).toEqual([
      'stmt:1:0',
      'stmt:2:0',
      'trace:t1',
      'var:a:1'
    ]);
    const index = indexGraph(traced().json());
    expect(nodesOfCell(index, 'B')).toEqual(
      new Set(['stmt:2:0', 'var:b:1', 'trace:t1'])
    );
    expect(traceOwner(index, 'trace:t1')?.id).toBe('stmt:2:0');
    expect(traceOwner(index, 'var:b:1')).toBeUndefined();
  });

  it('goes with its run when the cell is re-run, and shows dimmed as an old run', () => {
    const rerun = withTrace(new GraphFixture(), 'stmt:1:0', 't0')
      .run(1, 'A', [], ['a:1'], 'a = f()')
      .run(2, 'A', [], ['a:2'], 'a = f()');
    const current = view(rerun).nodes.map(n => n.id);
    expect(current).not.toContain('trace:t0');
    const old = view(rerun, { showSuperseded: true }).nodes.find(
      n => n.id === 'trace:t0'
    )!;
    expect(old.superseded).toBe(true);
  });
});
