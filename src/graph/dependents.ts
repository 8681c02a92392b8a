/**
 * What the notebook shows and runs from the graph: which notebook cells are stale, the
 * order to re-run them in (dependency order, notebook order among independent cells), and
 * the in-place re-run guard: a cell whose latest run mutated a value in place (e.g.
 * `df.drop(..., inplace=True)`) and whose mutated value is still the current one would run
 * against its own output if re-run; it must be re-run from the cell that produced the value
 * it read. Pure functions over the graph index.
 */
import type { NodeJSON } from '../api/types';
import { IGraphIndex, producerOf } from './index';

/** Latest (not superseded) statements of each notebook cell. */
function latestStatements(index: IGraphIndex): Map<string, NodeJSON[]> {
  const byCell = new Map<string, NodeJSON[]>();
  for (const node of index.graph.nodes) {
    if (node.kind === 'statement' && node.cell_id && !node.superseded) {
      byCell.set(node.cell_id, [...(byCell.get(node.cell_id) ?? []), node]);
    }
  }
  return byCell;
}

/** Notebook cell ids whose latest run read a value that changed since (stale nodes). */
export function staleCells(index: IGraphIndex, stale: Set<string>): string[] {
  const result: string[] = [];
  for (const [cellId, statements] of latestStatements(index)) {
    if (statements.some(s => stale.has(s.id))) {
      result.push(cellId);
    }
  }
  return result;
}

/** Cells whose latest run read a value the latest run of `cellId` produced. */
function readersOf(index: IGraphIndex, cellId: string): Set<string> {
  const readers = new Set<string>();
  for (const statement of latestStatements(index).get(cellId) ?? []) {
    for (const out of index.outgoing.get(statement.id) ?? []) {
      for (const read of index.outgoing.get(out.target) ?? []) {
        const reader = index.nodes.get(read.target);
        if (
          reader?.kind === 'statement' &&
          reader.cell_id &&
          reader.cell_id !== cellId &&
          !reader.superseded
        ) {
          readers.add(reader.cell_id);
        }
      }
    }
  }
  return readers;
}

/**
 * The stale cells in the order to re-run them: a cell after every stale cell it reads
 * from, otherwise in notebook order (`order`: the cell ids as the notebook lists them).
 */
export function runOrder(
  index: IGraphIndex,
  stale: Set<string>,
  order: string[]
): string[] {
  const todo = new Set(staleCells(index, stale));
  const position = new Map(order.map((id, i) => [id, i]));
  const inputs = new Map<string, Set<string>>();
  for (const cell of todo) {
    for (const reader of readersOf(index, cell)) {
      if (todo.has(reader)) {
        inputs.set(reader, new Set([...(inputs.get(reader) ?? []), cell]));
      }
    }
  }
  const result: string[] = [];
  const byPosition = (a: string, b: string): number =>
    (position.get(a) ?? Infinity) - (position.get(b) ?? Infinity);
  while (todo.size) {
    const ready = [...todo].filter(
      id => ![...(inputs.get(id) ?? [])].some(i => todo.has(i))
    );
    // a cycle (cells reading each other's older runs) falls back to notebook order
    const next = (ready.length ? ready : [...todo]).sort(byPosition)[0];
    result.push(next);
    todo.delete(next);
  }
  return result.filter(id => position.has(id));
}

export interface IInPlaceGuard {
  /** the variable the cell mutated in place */
  name: string;
  /** the notebook cell that produced the value the mutation started from */
  upstreamCellId: string | null;
}

/**
 * Whether re-running `cellId` would mutate its own output again: its latest run mutated a
 * variable in place and that mutated version is still the variable's newest.
 */
export function inPlaceGuard(
  index: IGraphIndex,
  cellId: string
): IInPlaceGuard | null {
  const newest = new Map<string, NodeJSON>();
  for (const node of index.graph.nodes) {
    if (node.kind === 'variable' && node.name && !node.deleted) {
      const seen = newest.get(node.name);
      if (!seen || (node.version ?? 0) > (seen.version ?? 0)) {
        newest.set(node.name, node);
      }
    }
  }
  for (const statement of latestStatements(index).get(cellId) ?? []) {
    for (const edge of index.outgoing.get(statement.id) ?? []) {
      const mutated = index.nodes.get(edge.target);
      if (edge.kind !== 'mutates' || !mutated?.name) {
        continue;
      }
      if (newest.get(mutated.name)?.id !== mutated.id) {
        continue; // something produced a fresh value since: re-running is safe
      }
      const before = (index.incoming.get(statement.id) ?? [])
        .map(e => index.nodes.get(e.source))
        .find(n => n?.kind === 'variable' && n.name === mutated.name);
      const producer = before ? producerOf(index, before.id) : undefined;
      return {
        name: mutated.name,
        upstreamCellId:
          producer?.cell_id && producer.cell_id !== cellId
            ? producer.cell_id
            : null
      };
    }
  }
  return null;
}

/** Notebook cells to run for "re-run from upstream": the producer of the value, then the cell. */
export function rerunFromUpstream(
  order: string[],
  upstreamCellId: string,
  cellId: string
): string[] {
  const from = order.indexOf(upstreamCellId);
  const to = order.indexOf(cellId);
  return from < 0 || to < from ? [cellId] : [upstreamCellId, cellId];
}
