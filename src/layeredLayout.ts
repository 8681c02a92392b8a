/**
 * A linear-time layered layout for graphs too large for dagre to lay out interactively
 * (dagre adds a dummy node per layer an edge spans; notebook graphs have long edges).
 * Layers by longest path, orders each layer by the barycentre of its inputs (one sweep,
 * ties by creation order), then places nodes left to right near their inputs. Pure.
 */
import type { IBox, ILayout, ILayoutInput } from './layout';

export interface ISpacing {
  node: number;
  rank: number;
  margin: number;
}

type Size = (kind: string, label: string) => { width: number; height: number };

/** Longest-path layer of every node; edges that would close a cycle are ignored. */
function layers(input: ILayoutInput): Map<string, number> {
  const preds = new Map<string, string[]>(input.nodes.map(n => [n.id, []]));
  const succs = new Map<string, string[]>(input.nodes.map(n => [n.id, []]));
  for (const e of input.edges) {
    if (preds.has(e.source) && preds.has(e.target) && e.source !== e.target) {
      preds.get(e.target)!.push(e.source);
      succs.get(e.source)!.push(e.target);
    }
  }
  const indegree = new Map([...preds].map(([id, p]) => [id, p.length]));
  const layer = new Map<string, number>();
  const queue = input.nodes
    .filter(n => indegree.get(n.id) === 0)
    .map(n => n.id);
  for (let head = 0; layer.size < input.nodes.length;) {
    if (head === queue.length) {
      // a cycle: release the earliest node still waiting
      const stuck = input.nodes.find(
        n => !layer.has(n.id) && !queue.includes(n.id)
      )!;
      queue.push(stuck.id);
    }
    const id = queue[head++];
    const inputs = preds.get(id)!.filter(p => layer.has(p));
    layer.set(
      id,
      inputs.length ? Math.max(...inputs.map(p => layer.get(p)!)) + 1 : 0
    );
    for (const next of succs.get(id)!) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0 && !layer.has(next)) {
        queue.push(next);
      }
    }
  }
  return layer;
}

export function fastLayeredLayout(
  input: ILayoutInput,
  spacing: ISpacing,
  size: Size
): ILayout {
  const layer = layers(input);
  const creation = new Map(input.nodes.map((n, i) => [n.id, i]));
  const preds = new Map<string, string[]>();
  for (const e of input.edges) {
    preds.set(e.target, [...(preds.get(e.target) ?? []), e.source]);
  }
  const rows: string[][] = [];
  for (const n of input.nodes) {
    (rows[layer.get(n.id)!] ??= []).push(n.id);
  }
  const sizes = new Map(input.nodes.map(n => [n.id, size(n.kind, n.label)]));
  const boxes = new Map<string, IBox>();
  let y = spacing.margin;
  for (const row of rows.filter(Boolean)) {
    const height = Math.max(...row.map(id => sizes.get(id)!.height));
    const desired = new Map<string, number>();
    for (const id of row) {
      const xs = (preds.get(id) ?? [])
        .map(p => boxes.get(p)?.x)
        .filter((x): x is number => x !== undefined);
      desired.set(
        id,
        xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : -1
      );
    }
    row.sort(
      (a, b) =>
        desired.get(a)! - desired.get(b)! || creation.get(a)! - creation.get(b)!
    );
    let right = spacing.margin - spacing.node;
    for (const id of row) {
      const { width, height: h } = sizes.get(id)!;
      const x = Math.max(desired.get(id)!, right + spacing.node + width / 2);
      boxes.set(id, { x, y: y + height / 2, width, height: h });
      right = x + width / 2;
    }
    y += height + spacing.rank;
  }
  let width = 0;
  for (const box of boxes.values()) {
    width = Math.max(width, box.x + box.width / 2 + spacing.margin);
  }
  return { boxes, width, height: y - spacing.rank + spacing.margin };
}
