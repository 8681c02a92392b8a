/**
 * Layered layout of the view graph with @dagrejs/dagre, stable between updates.
 *
 * A fresh layout runs dagre on the whole graph. An update (the same view after one more
 * cell ran) keeps every node that was already laid out exactly where it was and places
 * only the new ones: one layer below their lowest input, centred under their inputs and
 * slid right until they overlap nothing. Pure: no DOM.
 */
import dagre from '@dagrejs/dagre';

import { fastLayeredLayout } from './layeredLayout';

export interface ILayoutInput {
  nodes: { id: string; kind: string; label: string }[];
  edges: { source: string; target: string }[];
}

export interface IBox {
  x: number; // centre
  y: number; // centre
  width: number;
  height: number;
}

export interface ILayout {
  boxes: Map<string, IBox>;
  width: number;
  height: number;
}

export const SPACING = { node: 24, rank: 44, margin: 16 };

/**
 * Above this many nodes the linear-time layered layout replaces dagre, whose cost grows
 * with the layers each edge spans (see benchmarks/graph_layout.mjs).
 */
export const DAGRE_MAX_NODES = 150;

export function nodeSize(
  kind: string,
  label: string
): { width: number; height: number } {
  const text = Math.min(label.length, 28);
  const width = Math.max(
    56,
    Math.round(text * 6.6 + (kind === 'artifact' ? 30 : 22))
  );
  return { width, height: kind === 'file' ? 38 : 28 };
}

export function freshLayout(input: ILayoutInput): ILayout {
  if (input.nodes.length > DAGRE_MAX_NODES) {
    return fastLayeredLayout(input, SPACING, nodeSize);
  }
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({
    rankdir: 'TB',
    nodesep: SPACING.node,
    ranksep: SPACING.rank,
    marginx: SPACING.margin,
    marginy: SPACING.margin,
    ranker: 'network-simplex'
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of input.nodes) {
    g.setNode(node.id, nodeSize(node.kind, node.label));
  }
  for (const edge of input.edges) {
    if (g.hasNode(edge.source) && g.hasNode(edge.target)) {
      g.setEdge(edge.source, edge.target);
    }
  }
  dagre.layout(g);
  const boxes = new Map<string, IBox>();
  for (const node of input.nodes) {
    const label = g.node(node.id) as {
      x: number;
      y: number;
      width: number;
      height: number;
    };
    boxes.set(node.id, {
      x: label.x,
      y: label.y,
      width: label.width,
      height: label.height
    });
  }
  return withExtent(boxes);
}

function withExtent(boxes: Map<string, IBox>): ILayout {
  let width = 0;
  let height = 0;
  for (const box of boxes.values()) {
    width = Math.max(width, box.x + box.width / 2 + SPACING.margin);
    height = Math.max(height, box.y + box.height / 2 + SPACING.margin);
  }
  return { boxes, width, height };
}

function overlaps(a: IBox, b: IBox): boolean {
  return (
    Math.abs(a.x - b.x) < (a.width + b.width) / 2 + SPACING.node / 2 &&
    Math.abs(a.y - b.y) < (a.height + b.height) / 2 + SPACING.rank / 4
  );
}

/** Place one new node below its placed inputs, then slide it right past anything it overlaps. */
function placeNew(
  id: string,
  size: { width: number; height: number },
  inputs: IBox[],
  placed: Map<string, IBox>
): IBox {
  const top = SPACING.margin + size.height / 2;
  const box: IBox = {
    ...size,
    y: inputs.length
      ? Math.max(...inputs.map(b => b.y + b.height / 2)) +
        SPACING.rank +
        size.height / 2
      : top,
    x: inputs.length
      ? inputs.reduce((sum, b) => sum + b.x, 0) / inputs.length
      : SPACING.margin + size.width / 2
  };
  box.x = Math.max(box.x, SPACING.margin + size.width / 2);
  for (let moved = true; moved;) {
    moved = false;
    for (const other of placed.values()) {
      if (overlaps(box, other)) {
        box.x = other.x + other.width / 2 + SPACING.node + box.width / 2;
        moved = true;
      }
    }
  }
  return box;
}

/**
 * Lay out `input`, keeping the boxes of `previous` for nodes it already had. Falls back to
 * a fresh layout when there is no previous layout or most nodes are new.
 */
export function stableLayout(
  input: ILayoutInput,
  previous: ILayout | null
): ILayout {
  const kept = previous
    ? input.nodes.filter(n => previous.boxes.has(n.id)).length
    : 0;
  if (!previous || kept === 0 || kept < input.nodes.length / 2) {
    return freshLayout(input);
  }
  const placed = new Map<string, IBox>();
  for (const node of input.nodes) {
    const box = previous.boxes.get(node.id);
    if (box) {
      placed.set(node.id, box);
    }
  }
  const inputsOf = new Map<string, string[]>();
  for (const edge of input.edges) {
    inputsOf.set(edge.target, [
      ...(inputsOf.get(edge.target) ?? []),
      edge.source
    ]);
  }
  // nodes arrive in creation order, which is topological for the session graph
  for (const node of input.nodes) {
    if (!placed.has(node.id)) {
      const inputs = (inputsOf.get(node.id) ?? [])
        .map(id => placed.get(id))
        .filter((b): b is IBox => b !== undefined);
      placed.set(
        node.id,
        placeNew(node.id, nodeSize(node.kind, node.label), inputs, placed)
      );
    }
  }
  const boxes = new Map(input.nodes.map(n => [n.id, placed.get(n.id)!]));
  return withExtent(boxes);
}

/** A smooth edge path from the bottom of `from` to the top of `to`. */
export function edgePath(from: IBox, to: IBox): string {
  const x1 = from.x;
  const y1 = from.y + from.height / 2;
  const x2 = to.x;
  const y2 = to.y - to.height / 2;
  const bend = Math.max(16, Math.abs(y2 - y1) / 2);
  return `M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}`;
}
