import { fastLayeredLayout } from '../layeredLayout';
import {
  DAGRE_MAX_NODES,
  freshLayout,
  IBox,
  ILayoutInput,
  nodeSize,
  SPACING,
  stableLayout
} from '../layout';

function chain(n: number, fanOut = 1): ILayoutInput {
  const nodes = [];
  const edges = [];
  for (let i = 0; i < n; i++) {
    nodes.push({
      id: `n${i}`,
      kind: i % 2 ? 'variable' : 'statement',
      label: `node ${i}`
    });
    if (i > 0) {
      edges.push({
        source: `n${Math.floor((i - 1) / fanOut)}`,
        target: `n${i}`
      });
    }
  }
  return { nodes, edges };
}

const overlap = (a: IBox, b: IBox): boolean =>
  Math.abs(a.x - b.x) < (a.width + b.width) / 2 &&
  Math.abs(a.y - b.y) < (a.height + b.height) / 2;

function assertNoOverlap(boxes: Map<string, IBox>): void {
  const list = [...boxes.values()];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      expect(overlap(list[i], list[j])).toBe(false);
    }
  }
}

describe('layout', () => {
  it('layers a chain top to bottom without overlaps', () => {
    const layout = freshLayout(chain(6));
    const ys = [...layout.boxes.values()].map(b => b.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(ys).size).toBe(6);
    assertNoOverlap(layout.boxes);
    expect(layout.width).toBeGreaterThan(0);
    expect(layout.height).toBeGreaterThan(ys[5]);
  });

  it('keeps every old node in place when nodes are added', () => {
    let input = chain(12, 2);
    let layout = stableLayout(input, null);
    for (let n = 13; n <= 30; n++) {
      const before = new Map(layout.boxes);
      input = chain(n, 2);
      layout = stableLayout(input, layout);
      for (const [id, box] of before) {
        expect(layout.boxes.get(id)).toEqual(box);
      }
      assertNoOverlap(layout.boxes);
    }
    // new nodes go below their inputs
    const parent = layout.boxes.get('n14')!;
    const child = layout.boxes.get('n29')!;
    expect(child.y).toBeGreaterThan(parent.y);
  });

  it('places a new unconnected node at the top without overlapping', () => {
    const first = stableLayout(chain(4), null);
    const input = chain(4);
    input.nodes.push({ id: 'root', kind: 'statement', label: 'x = 1' });
    const next = stableLayout(input, first);
    assertNoOverlap(next.boxes);
    expect(next.boxes.get('n0')).toEqual(first.boxes.get('n0'));
  });

  it('lays out from scratch when most nodes are new or nodes were removed entirely', () => {
    const small = stableLayout(chain(2), null);
    const big = stableLayout(chain(10), small);
    expect(big).toEqual(freshLayout(chain(10)));
    const shrunk = stableLayout(chain(5), big);
    for (let i = 0; i < 5; i++) {
      expect(shrunk.boxes.get(`n${i}`)).toEqual(big.boxes.get(`n${i}`));
    }
  });

  it('is deterministic', () => {
    expect(freshLayout(chain(40, 3))).toEqual(freshLayout(chain(40, 3)));
  });
});

describe('large graphs', () => {
  it('switches to the linear layered layout above the dagre limit, layered and without overlaps', () => {
    const input = chain(DAGRE_MAX_NODES + 50, 3);
    const layout = freshLayout(input);
    expect(layout).toEqual(fastLayeredLayout(input, SPACING, nodeSize));
    for (const edge of input.edges) {
      expect(layout.boxes.get(edge.target)!.y).toBeGreaterThan(
        layout.boxes.get(edge.source)!.y
      );
    }
    assertNoOverlap(layout.boxes);
  });

  it('survives cycles', () => {
    const input = chain(5);
    input.edges.push({ source: 'n4', target: 'n0' });
    const layout = fastLayeredLayout(input, SPACING, nodeSize);
    expect(layout.boxes.size).toBe(5);
    assertNoOverlap(layout.boxes);
  });
});
