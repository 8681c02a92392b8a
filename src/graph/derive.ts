/**
 * From the session graph to what the panel draws: imports hidden or shown, a name
 * filter, an upstream/downstream focus, and the collapsed-to-cells view. Pure functions.
 * Call-trace nodes stay nodes of their own in every view (attached to their statement, or
 * to its cell when collapsed), so a trace is always one click away.
 */
import type { NodeJSON } from '../api/types';
import {
  closure,
  Direction,
  IGraphIndex,
  producerOf,
  traceOwner
} from './index';

export type ViewKind = NodeJSON['kind'] | 'cell';
export type ViewMode = 'auto' | 'variables' | 'cells';

export interface IViewNode {
  id: string;
  kind: ViewKind;
  label: string;
  /** graph node ids drawn by this view node (several when collapsed to a cell) */
  members: string[];
  cellId: string | null;
  stale: boolean;
  superseded: boolean;
  /** the first member's data, for tooltips */
  data: NodeJSON;
}

export interface IViewEdge {
  source: string;
  target: string;
  kind: string;
}

export interface IViewGraph {
  nodes: IViewNode[];
  edges: IViewEdge[];
  collapsed: boolean;
}

export interface IViewOptions {
  showImports: boolean;
  mode: ViewMode;
  collapseThreshold: number;
  filter: string;
  focus: { id: string; direction: Direction } | null;
  /** show every superseded run, not only those something current still depends on */
  showSuperseded: boolean;
}

export const DEFAULT_VIEW: IViewOptions = {
  showImports: false,
  mode: 'auto',
  collapseThreshold: 400,
  filter: '',
  focus: null,
  showSuperseded: false
};

function matches(node: NodeJSON, needle: string): boolean {
  const fields = [node.label, node.name, node.path, node.artifact_name];
  return fields.some(f => f !== undefined && f.toLowerCase().includes(needle));
}

/**
 * Superseded runs nothing current depends on: their statements and the values only they
 * produced. A superseded run whose output is still read (by a stale cell) or was saved stays.
 */
export function unusedSuperseded(index: IGraphIndex): Set<string> {
  const hidden = new Set<string>();
  for (const node of index.graph.nodes) {
    if (node.kind !== 'statement' || !node.superseded) {
      continue;
    }
    const outputs = (index.outgoing.get(node.id) ?? []).map(e => e.target);
    const used = outputs.some(id =>
      (index.outgoing.get(id) ?? []).some(
        e => !index.nodes.get(e.target)?.superseded
      )
    );
    if (!used) {
      hidden.add(node.id);
      outputs.forEach(id => hidden.add(id));
    }
  }
  return hidden;
}

/** Graph node ids left after imports, old runs, focus and filter. */
export function visibleIds(
  index: IGraphIndex,
  options: IViewOptions
): Set<string> {
  const old = options.showSuperseded
    ? new Set<string>()
    : unusedSuperseded(index);
  let ids = new Set(
    index.graph.nodes
      .filter(
        n => (options.showImports || n.kind !== 'import') && !old.has(n.id)
      )
      .map(n => n.id)
  );
  if (options.focus) {
    const start = options.focus.id.startsWith('cell:')
      ? cellMembers(index, options.focus.id)
      : [options.focus.id];
    const reach = closure(index, start, options.focus.direction);
    ids = new Set([...ids].filter(id => reach.has(id)));
  }
  const needle = options.filter.trim().toLowerCase();
  if (needle) {
    const hits = [...ids].filter(id => matches(index.nodes.get(id)!, needle));
    const keep = new Set(hits);
    for (const id of hits) {
      for (const e of index.incoming.get(id) ?? []) {
        keep.add(e.source);
      }
      for (const e of index.outgoing.get(id) ?? []) {
        keep.add(e.target);
      }
    }
    ids = new Set([...keep].filter(id => ids.has(id)));
  }
  return ids;
}

/** The cell group of a node: statements by run, variables/files by their producer's run. */
export function cellGroupOf(index: IGraphIndex, node: NodeJSON): string | null {
  if (node.kind === 'statement') {
    return `cell:${node.run ?? 0}`;
  }
  if (node.kind === 'variable') {
    const producer = producerOf(index, node.id);
    return producer?.kind === 'statement' ? `cell:${producer.run ?? 0}` : null;
  }
  return null;
}

function cellMembers(index: IGraphIndex, groupId: string): string[] {
  return index.graph.nodes
    .filter(n => cellGroupOf(index, n) === groupId)
    .map(n => n.id);
}

const TRACE_PREFIX = 'trace: ';

/** The view node drawing one graph node on its own. */
export function plainNode(
  index: IGraphIndex,
  node: NodeJSON,
  stale: Set<string>
): IViewNode {
  const view: IViewNode = {
    id: node.id,
    kind: node.kind,
    label: node.label,
    members: [node.id],
    cellId: node.cell_id ?? null,
    stale: stale.has(node.id),
    superseded: Boolean(node.superseded),
    data: node
  };
  if (node.kind === 'trace') {
    // the shape says "trace"; the statement that ran the block gives cell and run state
    const owner = traceOwner(index, node.id);
    view.label = node.label.startsWith(TRACE_PREFIX)
      ? node.label.slice(TRACE_PREFIX.length)
      : node.label;
    view.cellId = owner?.cell_id ?? null;
    view.superseded = Boolean(owner?.superseded);
  }
  return view;
}

function collapse(
  index: IGraphIndex,
  ids: Set<string>,
  stale: Set<string>
): IViewGraph {
  const groups = new Map<string, IViewNode>();
  const groupOf = new Map<string, string>();
  for (const node of index.graph.nodes) {
    if (!ids.has(node.id)) {
      continue;
    }
    const group = cellGroupOf(index, node) ?? node.id;
    groupOf.set(node.id, group);
    const existing = groups.get(group);
    if (!existing) {
      const view = plainNode(index, node, stale);
      if (group !== node.id) {
        const cell = index.graph.cells.find(c => `cell:${c.run}` === group);
        const count = cell?.execution_count ?? node.execution_count;
        const first = (cell?.source ?? node.source ?? '').split('\n')[0];
        Object.assign(view, {
          id: group,
          kind: 'cell',
          label: `[${count ?? ' '}] ${first.slice(0, 40)}`
        });
      }
      groups.set(group, view);
    } else {
      existing.members.push(node.id);
      existing.stale = existing.stale || stale.has(node.id);
      if (node.error && !existing.data.error) {
        // the cell's tooltip tells what raised in it
        existing.data = {
          ...existing.data,
          error: true,
          exception: node.exception
        };
      }
      if (node.kind === 'statement') {
        existing.superseded = existing.superseded && Boolean(node.superseded);
      }
    }
  }
  return {
    nodes: [...groups.values()],
    edges: mapEdges(index, groupOf),
    collapsed: true
  };
}

function mapEdges(index: IGraphIndex, map: Map<string, string>): IViewEdge[] {
  const seen = new Set<string>();
  const edges: IViewEdge[] = [];
  for (const edge of index.graph.edges) {
    const source = map.get(edge.source);
    const target = map.get(edge.target);
    const key = `${source}\u0000${target}`;
    if (source && target && source !== target && !seen.has(key)) {
      seen.add(key);
      edges.push({ source, target, kind: edge.kind });
    }
  }
  return edges;
}

/** Whether the options (and the graph's size) ask for the collapsed view. */
export function shouldCollapse(
  visible: number,
  options: IViewOptions
): boolean {
  if (options.mode === 'auto') {
    return visible > options.collapseThreshold;
  }
  return options.mode === 'cells';
}

export function deriveView(
  index: IGraphIndex,
  options: IViewOptions,
  stale: Set<string>
): IViewGraph {
  const ids = visibleIds(index, options);
  if (shouldCollapse(ids.size, options)) {
    return collapse(index, ids, stale);
  }
  const nodes = index.graph.nodes
    .filter(n => ids.has(n.id))
    .map(n => plainNode(index, n, stale));
  const identity = new Map([...ids].map(id => [id, id]));
  return { nodes, edges: mapEdges(index, identity), collapsed: false };
}
