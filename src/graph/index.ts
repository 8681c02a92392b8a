/**
 * Read-only indexes over a GraphJSON (nodes by id, edges in and out) and the one
 * traversal function, with the direction as a parameter. Pure: no DOM, no I/O.
 */
import type { EdgeJSON, GraphJSON, NodeJSON } from '../api/types';

export type Direction = 'upstream' | 'downstream';

export interface IGraphIndex {
  readonly graph: GraphJSON;
  readonly nodes: Map<string, NodeJSON>;
  readonly incoming: Map<string, EdgeJSON[]>;
  readonly outgoing: Map<string, EdgeJSON[]>;
}

export function indexGraph(graph: GraphJSON): IGraphIndex {
  const nodes = new Map<string, NodeJSON>();
  const incoming = new Map<string, EdgeJSON[]>();
  const outgoing = new Map<string, EdgeJSON[]>();
  for (const node of graph.nodes) {
    nodes.set(node.id, node);
    incoming.set(node.id, []);
    outgoing.set(node.id, []);
  }
  for (const edge of graph.edges) {
    if (nodes.has(edge.source) && nodes.has(edge.target)) {
      outgoing.get(edge.source)!.push(edge);
      incoming.get(edge.target)!.push(edge);
    }
  }
  return { graph, nodes, incoming, outgoing };
}

/** Every node reachable from `start` in `direction`, `start` included. */
export function closure(
  index: IGraphIndex,
  start: Iterable<string>,
  direction: Direction
): Set<string> {
  const seen = new Set<string>();
  const stack = [...start].filter(id => index.nodes.has(id));
  const edges = direction === 'upstream' ? index.incoming : index.outgoing;
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) {
      continue;
    }
    seen.add(id);
    for (const edge of edges.get(id) ?? []) {
      stack.push(direction === 'upstream' ? edge.source : edge.target);
    }
  }
  return seen;
}

const PRODUCING: ReadonlySet<string> = new Set([
  'defines',
  'mutates',
  'writes_file'
]);

/** The statement that produced a variable or file version, if recorded. */
export function producerOf(
  index: IGraphIndex,
  id: string
): NodeJSON | undefined {
  const edge = (index.incoming.get(id) ?? []).find(e => PRODUCING.has(e.kind));
  return edge ? index.nodes.get(edge.source) : undefined;
}

/** The statement whose `with TraceContext()` block recorded a call trace node. */
export function traceOwner(
  index: IGraphIndex,
  traceNodeId: string
): NodeJSON | undefined {
  const edge = (index.incoming.get(traceNodeId) ?? []).find(
    e => e.kind === 'traces'
  );
  return edge ? index.nodes.get(edge.source) : undefined;
}

/** Ids of the nodes a cell (by notebook cell id) produced or traced in its latest run. */
export function nodesOfCell(index: IGraphIndex, cellId: string): Set<string> {
  const result = new Set<string>();
  for (const node of index.graph.nodes) {
    if (
      node.kind === 'statement' &&
      node.cell_id === cellId &&
      !node.superseded
    ) {
      result.add(node.id);
    }
  }
  for (const id of [...result]) {
    for (const edge of index.outgoing.get(id) ?? []) {
      if (PRODUCING.has(edge.kind) || edge.kind === 'traces') {
        result.add(edge.target);
      }
    }
  }
  return result;
}

/** Variable names a cell defines (latest run), in statement order; the last is the newest. */
export function variablesOfCell(index: IGraphIndex, cellId: string): string[] {
  const names: string[] = [];
  const statements = index.graph.nodes.filter(
    n => n.kind === 'statement' && n.cell_id === cellId && !n.superseded
  );
  statements.sort(
    (a, b) => (a.run ?? 0) - (b.run ?? 0) || (a.line ?? 0) - (b.line ?? 0)
  );
  for (const statement of statements) {
    for (const edge of index.outgoing.get(statement.id) ?? []) {
      const target = index.nodes.get(edge.target);
      const isModule = target?.type_name === 'module';
      if (
        target?.kind === 'variable' &&
        !target.deleted &&
        target.name &&
        !isModule
      ) {
        const at = names.indexOf(target.name);
        if (at >= 0) {
          names.splice(at, 1);
        }
        names.push(target.name);
      }
    }
  }
  return names;
}
