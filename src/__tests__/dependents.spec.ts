/** Stale cells, the order "Run stale dependents" uses, and the in-place re-run guard. */
import {
  inPlaceGuard,
  rerunFromUpstream,
  runOrder,
  staleCells
} from '../graph/dependents';
import { indexGraph } from '../graph/index';
import { GraphFixture } from './fixtures';

describe('run stale dependents', () => {
  // A: a = 1; B: b = a + 1; C: c = b * 2; D: d = a - 1; E: e = 5 (reads nothing); then A re-run
  const fixture = new GraphFixture()
    .run(1, 'A', [], ['a:1'])
    .run(2, 'B', ['var:a:1'], ['b:1'])
    .run(3, 'C', ['var:b:1'], ['c:1'])
    .run(4, 'D', ['var:a:1'], ['d:1'])
    .run(5, 'E', [], ['e:1'])
    .run(6, 'A', [], ['a:2']);
  const index = indexGraph(fixture.json());
  // the stale ids the server sends for this graph (ir/staleness.py)
  const stale = new Set([
    'stmt:2:0',
    'stmt:3:0',
    'stmt:4:0',
    'var:b:1',
    'var:c:1',
    'var:d:1'
  ]);

  it('finds exactly the cells that read changed values, directly or not', () => {
    expect(staleCells(index, stale).sort()).toEqual(['B', 'C', 'D']);
  });

  it('orders them by dependency, then by notebook position', () => {
    // the notebook lists D before C and C before B: C still runs after B, which it reads
    expect(runOrder(index, stale, ['A', 'D', 'C', 'B', 'E'])).toEqual([
      'D',
      'B',
      'C'
    ]);
    expect(runOrder(index, stale, ['A', 'B', 'C', 'D', 'E'])).toEqual([
      'B',
      'C',
      'D'
    ]);
  });
});

describe('in-place re-run guard', () => {
  // A: df = load(); B: df.drop(columns=["x"], inplace=True) mutates df v1 into v2
  const fixture = new GraphFixture()
    .run(1, 'A', [], ['df:1'], 'df = load()')
    .run(2, 'B', ['var:df:1'], [], 'df.drop(columns=["x"], inplace=True)');
  fixture.node({
    id: 'var:df:2',
    kind: 'variable',
    label: 'df',
    name: 'df',
    version: 2
  });
  fixture.edge('stmt:2:0', 'var:df:2', 'mutates');

  it('flags a cell whose in-place change is still the newest value, naming its upstream', () => {
    const index = indexGraph(fixture.json());
    expect(inPlaceGuard(index, 'B')).toEqual({
      name: 'df',
      upstreamCellId: 'A'
    });
    expect(inPlaceGuard(index, 'A')).toBeNull();
    expect(rerunFromUpstream(['A', 'X', 'B'], 'A', 'B')).toEqual(['A', 'B']);
  });

  it('lets the cell run again once the upstream cell produced a fresh value', () => {
    const rerun = new GraphFixture();
    Object.assign(rerun, JSON.parse(JSON.stringify(fixture)));
    rerun.run(3, 'A', [], ['df:3'], 'df = load()');
    expect(inPlaceGuard(indexGraph(rerun.json()), 'B')).toBeNull();
  });
});

describe('artifact versions and loading', () => {
  it('diffs the code of two versions line by line', () => {
    const { diffLines } =
      jest.requireActual<typeof import('../diff')>('../diff');
    expect(
      diffLines('a = 1\nb = a + 1\nsave(b)', 'a = 1\nb = a + 2\nsave(b)')
    ).toEqual([
      { kind: 'same', text: 'a = 1' },
      { kind: 'removed', text: 'b = a + 1' },
      { kind: 'added', text: 'b = a + 2' },
      { kind: 'same', text: 'save(b)' }
    ]);
  });
});
