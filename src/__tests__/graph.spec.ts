import { DEFAULT_VIEW, deriveView, IViewOptions } from '../graph/derive';
import {
  closure,
  indexGraph,
  nodesOfCell,
  variablesOfCell
} from '../graph/index';
import { GraphFixture, RERUN_A_STALE, threeCells } from './fixtures';

const view = (
  fixture: GraphFixture,
  options: Partial<IViewOptions> = {},
  stale: string[] = []
) =>
  deriveView(
    indexGraph(fixture.json()),
    { ...DEFAULT_VIEW, ...options },
    new Set(stale)
  );

describe('graph traversal', () => {
  it('walks upstream and downstream with one function', () => {
    const index = indexGraph(threeCells().json());
    expect([...closure(index, ['var:b:1'], 'upstream')].sort()).toEqual([
      'stmt:1:0',
      'stmt:2:0',
      'var:a:1',
      'var:b:1'
    ]);
    expect([...closure(index, ['var:b:1'], 'downstream')].sort()).toEqual([
      'artifact:b:1',
      'stmt:3:0',
      'var:b:1',
      'var:c:1'
    ]);
  });

  it('finds the nodes and variables of a notebook cell (latest run)', () => {
    const fixture = threeCells().run(
      4,
      'B',
      ['var:a:1'],
      ['b:2', 'tmp:1'],
      'b = a; tmp = 0'
    );
    const index = indexGraph(fixture.json());
    expect([...nodesOfCell(index, 'B')].sort()).toEqual([
      'stmt:4:0',
      'var:b:2',
      'var:tmp:1'
    ]);
    expect(variablesOfCell(index, 'B')).toEqual(['b', 'tmp']);
    expect(variablesOfCell(index, 'nope')).toEqual([]);
  });
});

describe('view derivation', () => {
  it('hides imports unless asked', () => {
    const fixture = threeCells()
      .node({
        id: 'import:pandas',
        kind: 'import',
        label: 'pandas',
        module: 'pandas'
      })
      .edge('import:pandas', 'stmt:1:0', 'imports');
    expect(view(fixture).nodes.map(n => n.id)).not.toContain('import:pandas');
    expect(view(fixture, { showImports: true }).nodes.map(n => n.id)).toContain(
      'import:pandas'
    );
  });

  it('filters by name and keeps the direct neighbours', () => {
    const ids = view(threeCells(), { filter: 'C' }).nodes.map(n => n.id);
    // "c" matches the variable c and the statement `c = b + 1`, whose input b comes along
    expect(ids.sort()).toEqual(['stmt:3:0', 'var:b:1', 'var:c:1']);
  });

  it('focuses upstream or downstream of a node', () => {
    const up = view(threeCells(), {
      focus: { id: 'var:b:1', direction: 'upstream' }
    });
    expect(up.nodes.map(n => n.id).sort()).toEqual([
      'stmt:1:0',
      'stmt:2:0',
      'var:a:1',
      'var:b:1'
    ]);
    expect(up.edges).toHaveLength(3);
  });

  it('collapses to cells on request and above the threshold', () => {
    const cells = view(threeCells(), { mode: 'cells' });
    expect(cells.collapsed).toBe(true);
    expect(cells.nodes.map(n => n.id)).toEqual([
      'cell:1',
      'cell:2',
      'cell:3',
      'artifact:b:1'
    ]);
    expect(cells.nodes[1].label).toBe('[2] b = a * 10');
    expect(cells.nodes[1].members.sort()).toEqual(['stmt:2:0', 'var:b:1']);
    expect(cells.edges).toEqual([
      { source: 'cell:1', target: 'cell:2', kind: 'reads' },
      { source: 'cell:2', target: 'cell:3', kind: 'reads' },
      { source: 'cell:2', target: 'artifact:b:1', kind: 'saves' }
    ]);
    expect(view(threeCells(), { collapseThreshold: 3 }).collapsed).toBe(true);
    expect(view(threeCells(), { collapseThreshold: 100 }).collapsed).toBe(
      false
    );
  });

  it('carries stale and superseded marks into the view', () => {
    const fixture = threeCells().run(4, 'A', [], ['a:2']);
    const stale = RERUN_A_STALE;
    const nodes = new Map(view(fixture, {}, stale).nodes.map(n => [n.id, n]));
    expect(nodes.get('var:c:1')!.stale).toBe(true);
    expect(nodes.get('stmt:1:0')!.superseded).toBe(true);
    expect(nodes.get('var:a:2')!.stale).toBe(false);
    const cells = new Map(
      view(fixture, { mode: 'cells' }, stale).nodes.map(n => [n.id, n])
    );
    expect(cells.get('cell:3')!.stale).toBe(true);
    expect(cells.get('cell:1')!.superseded).toBe(true);
  });
});

describe('old runs', () => {
  it('hides superseded runs nothing current depends on, keeps those a stale cell read', () => {
    const fixture = threeCells()
      .run(4, 'C', ['var:b:1'], ['c:2'])
      .run(5, 'A', [], ['a:2']);
    const stale = [
      'artifact:b:1',
      'stmt:2:0',
      'stmt:4:0',
      'var:b:1',
      'var:c:1',
      'var:c:2'
    ];
    const ids = view(fixture, {}, stale).nodes.map(n => n.id);
    expect(ids).not.toContain('stmt:3:0'); // C's first run: replaced by run 4, unused
    expect(ids).not.toContain('var:c:1');
    expect(ids).toContain('stmt:1:0'); // A's first run: b (stale) still depends on it
    expect(ids).toContain('var:a:1');
    expect(
      view(fixture, { showSuperseded: true }, stale).nodes.map(n => n.id)
    ).toContain('var:c:1');
  });
});
