/** Small session graphs and call traces shaped like the tracer's output, for the jest tests. */
import type {
  ArtifactJSON,
  CellJSON,
  EdgeJSON,
  GraphJSON,
  NodeJSON,
  TraceCallJSON,
  TraceResultJSON
} from '../api/types';

type Kind = EdgeJSON['kind'];

export class GraphFixture {
  nodes: NodeJSON[] = [];
  edges: EdgeJSON[] = [];
  cells: CellJSON[] = [];
  revision = 1;

  /** A cell run: one statement reading `reads` and defining `defines` (name -> version). */
  run(
    run: number,
    cellId: string,
    reads: string[],
    defines: string[],
    source = ''
  ): this {
    const sid = `stmt:${run}:0`;
    for (const cell of this.cells) {
      if (cell.cell_id === cellId) {
        for (const id of cell.statement_ids) {
          const node = this.nodes.find(n => n.id === id)!;
          node.superseded = true;
        }
      }
    }
    this.nodes.push({
      id: sid,
      kind: 'statement',
      label: source || `run ${run}`,
      cell_id: cellId,
      run,
      line: 1,
      source,
      execution_count: run
    });
    for (const input of reads) {
      this.edge(input, sid, 'reads');
    }
    for (const output of defines) {
      const [name, version] = output.split(':');
      this.nodes.push({
        id: `var:${output}`,
        kind: 'variable',
        label: name,
        name,
        version: Number(version),
        cell_id: cellId,
        type_name: 'int',
        preview: '1',
        source,
        line: 1
      });
      this.edge(sid, `var:${output}`, 'defines');
    }
    this.cells.push({
      run,
      cell_id: cellId,
      execution_count: run,
      source,
      order: this.cells.length,
      traced: true,
      error: false,
      statement_ids: [sid]
    });
    this.revision++;
    return this;
  }

  artifact(name: string, version: number, from: string): this {
    const id = `artifact:${name}:${version}`;
    this.nodes.push({
      id,
      kind: 'artifact',
      label: `${name} v${version}`,
      artifact_name: name,
      artifact_version: version
    });
    this.edge(from, id, 'saves');
    this.revision++;
    return this;
  }

  node(node: NodeJSON): this {
    this.nodes.push(node);
    return this;
  }

  edge(source: string, target: string, kind: Kind): this {
    this.edges.push({ source, target, kind });
    return this;
  }

  json(): GraphJSON {
    return {
      format: 'lineage_ext.graph/1',
      session_id: 's1',
      kernel_id: 'k1',
      notebook_path: '/root/nb.ipynb',
      revision: this.revision,
      nodes: this.nodes.map(n => ({ ...n })),
      edges: this.edges.map(e => ({ ...e })),
      cells: this.cells.map(c => ({ ...c }))
    };
  }
}

/** a = 2 (cell A), b = a * 10 (cell B), c = b + 1 (cell C), b saved as artifact "b" v1. */
export function threeCells(): GraphFixture {
  return new GraphFixture()
    .run(1, 'A', [], ['a:1'], 'a = 2')
    .run(2, 'B', ['var:a:1'], ['b:1'], 'b = a * 10')
    .run(3, 'C', ['var:b:1'], ['c:1'], 'c = b + 1')
    .artifact('b', 1, 'var:b:1');
}

/**
 * The stale ids the server sends for `threeCells().run(4, 'A', [], ['a:2'])` (cell A re-run):
 * ir/staleness.py's verdict, asserted there (tests/ir/test_ir_staleness.py).
 */
export const RERUN_A_STALE = [
  'artifact:b:1',
  'stmt:2:0',
  'stmt:3:0',
  'var:b:1',
  'var:c:1'
];

/** A call trace node recorded by statement `from`, as the kernel adds it. */
export function withTrace(
  fixture: GraphFixture,
  from: string,
  traceId = 't1',
  label = 'trace: clean → score · 3 calls'
): GraphFixture {
  return fixture
    .node({
      id: `trace:${traceId}`,
      kind: 'trace',
      label,
      trace_id: traceId,
      trace_calls: 3,
      duration_ns: 270222
    })
    .edge(from, `trace:${traceId}`, 'traces');
}

const call = (
  overrides: Partial<TraceCallJSON> & Pick<TraceCallJSON, 'index' | 'stage'>
): TraceCallJSON => ({
  func_name: overrides.stage,
  display_name: overrides.stage,
  qualname: overrides.stage,
  module: '__main__',
  kind: 'function',
  status: 'ok',
  params: {},
  result: null,
  result_names: [],
  exception: null,
  duration_ns: 1000,
  depth: 0,
  thread: 'MainThread',
  ...overrides
});

/**
 * clean(xs=[1, 2, 3], factor=2) -> [2, 4, 6] calling normalize (nested), then score twice:
 * once returning 12, once raising ValueError; one score call past the limit.
 */
export function traceResult(): TraceResultJSON {
  return {
    version: 1,
    trace_id: 't1',
    started_at: 1795335038.9,
    duration_ns: 270222,
    limit: 2,
    finished: true,
    total_calls: 4,
    dropped_calls: 1,
    stages: [
      {
        name: 'clean',
        dropped: {},
        calls: [
          call({
            index: 0,
            stage: 'clean',
            params: {
              xs: { type: 'list', preview: '[1, 2, 3]', length: 3 },
              factor: { type: 'int', preview: '2' }
            },
            result: { type: 'list', preview: '[2, 4, 6]', length: 3 },
            duration_ns: 15563
          }),
          call({
            index: 1,
            stage: 'clean',
            func_name: 'normalize',
            display_name: 'Cleaner.normalize',
            depth: 1,
            params: {
              frame: {
                type: 'DataFrame',
                preview: 'x'.repeat(200),
                shape: [3, 2],
                dtype: 'float64'
              }
            },
            result: { type: 'float', preview: '0.5' },
            result_names: ['ratio'],
            duration_ns: 999700
          })
        ]
      },
      {
        name: 'score',
        dropped: { score: 1 },
        calls: [
          call({
            index: 2,
            stage: 'score',
            params: { ys: { type: 'list', preview: '[2, 4, 6]', length: 3 } },
            result: { type: 'int', preview: '12' },
            duration_ns: 4076
          }),
          call({
            index: 3,
            stage: 'score',
            status: 'error',
            params: { ys: { type: 'list', preview: '[]', length: 0 } },
            exception: { type: 'ValueError', message: 'empty' },
            duration_ns: 2934
          })
        ]
      }
    ]
  };
}

/** A stored artifact as the REST API lists it (an int `x` v1, pending verification), with `fields` changed. */
export function artifactJSON(fields: Partial<ArtifactJSON> = {}): ArtifactJSON {
  return {
    name: 'x',
    version: 1,
    date_created: '2026-11-22T05:00:00+00:00',
    type_name: 'int',
    serializer: 'json',
    size_bytes: 2,
    blob_hash: 'h',
    preview: { kind: 'scalar', value: 1 },
    code_captured: true,
    session_id: 's',
    kernel_id: 'k',
    notebook_path: null,
    node_id: 'var:x:1',
    variable_name: 'x',
    verification: { status: 'pending', reason: null },
    has_graph_snapshot: true,
    lineage: null,
    ...fields
  };
}
