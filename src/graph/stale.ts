/**
 * Stale marking. A statement is stale when it read a value whose producing cell was
 * re-run (superseded) after the statement ran, or read anything stale; variables, files
 * and artifacts are stale when what produced them is. A cell that re-reads its own
 * previous output (`x = x + 1` run twice) is not stale: it ran after the supersession.
 */
import type { NodeJSON } from '../api/types';
import { IGraphIndex, producerOf } from './index';

/** run -> the run of the same notebook cell that superseded it (the next run of that cell). */
function supersedingRuns(index: IGraphIndex): Map<number, number> {
  const runsByCell = new Map<string, number[]>();
  for (const cell of index.graph.cells) {
    if (cell.cell_id !== null) {
      const runs = runsByCell.get(cell.cell_id) ?? [];
      runs.push(cell.run);
      runsByCell.set(cell.cell_id, runs);
    }
  }
  const next = new Map<number, number>();
  for (const runs of runsByCell.values()) {
    runs.sort((a, b) => a - b);
    for (let i = 0; i + 1 < runs.length; i++) {
      next.set(runs[i], runs[i + 1]);
    }
  }
  return next;
}

export function staleNodes(index: IGraphIndex): Set<string> {
  const superseding = supersedingRuns(index);
  const memo = new Map<string, boolean>();
  const invalidatedFor = (input: NodeJSON, readerRun: number): boolean => {
    const producer = producerOf(index, input.id);
    if (!producer?.superseded || producer.run === undefined) {
      return false;
    }
    const by = superseding.get(producer.run);
    return by === undefined || by > readerRun;
  };
  const visit = (id: string): boolean => {
    const known = memo.get(id);
    if (known !== undefined) {
      return known;
    }
    memo.set(id, false); // guards against cycles in malformed graphs
    const node = index.nodes.get(id)!;
    let stale = false;
    for (const edge of index.incoming.get(id) ?? []) {
      const input = index.nodes.get(edge.source)!;
      if (
        node.kind === 'statement' &&
        node.run !== undefined &&
        invalidatedFor(input, node.run)
      ) {
        stale = true;
      } else if (visit(edge.source)) {
        stale = true;
      }
      if (stale) {
        break;
      }
    }
    memo.set(id, stale);
    return stale;
  };
  const result = new Set<string>();
  for (const node of index.graph.nodes) {
    if (visit(node.id) && !node.superseded) {
      result.add(node.id);
    }
  }
  return result;
}

/** "name:version" of every stale artifact node, for the artifact browser. */
export function staleArtifactKeys(
  index: IGraphIndex,
  stale: Set<string>
): Set<string> {
  const keys = new Set<string>();
  for (const id of stale) {
    const node = index.nodes.get(id);
    if (node?.kind === 'artifact' && node.artifact_name) {
      keys.add(`${node.artifact_name}:${node.artifact_version}`);
    }
  }
  return keys;
}
