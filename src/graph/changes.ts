/**
 * Applying a pushed change set (`lineage_ext.graph-changes/1`, see ir/changes.py) to the
 * graph in place of a refetch: replaced nodes keep their position, edges are added once,
 * cell runs are added or replaced by run. Pure: the input graph is not modified.
 */
import type {
  CellJSON,
  EdgeJSON,
  GraphChangesJSON,
  GraphJSON
} from '../api/types';

export function applyChanges(
  graph: GraphJSON,
  changes: GraphChangesJSON
): GraphJSON {
  const replaced = new Map(changes.nodes.map(n => [n.id, n]));
  const nodes = graph.nodes.map(n => {
    const next = replaced.get(n.id);
    if (next) {
      replaced.delete(n.id);
      return next;
    }
    return n;
  });
  nodes.push(...replaced.values());
  const key = (e: EdgeJSON): string =>
    `${e.source}\u0000${e.target}\u0000${e.kind}`;
  const seen = new Set(graph.edges.map(key));
  const edges = [...graph.edges];
  for (const edge of changes.edges) {
    if (!seen.has(key(edge))) {
      seen.add(key(edge));
      edges.push(edge);
    }
  }
  const cells = new Map<number, CellJSON>(graph.cells.map(c => [c.run, c]));
  for (const cell of changes.cells) {
    cells.set(cell.run, cell);
  }
  return {
    ...graph,
    revision: changes.revision,
    nodes,
    edges,
    cells: [...cells.values()]
  };
}
