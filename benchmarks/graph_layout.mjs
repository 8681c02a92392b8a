#!/usr/bin/env node
/**
 * Benchmark of the panel's graph pipeline on a synthetic 2,000-node notebook graph:
 * view derivation (index, view; stale ids come from the server), layout (fresh and one-cell update) and
 * React rendering of the SVG to markup, against a baseline measured in the same run:
 * plain dagre with its default ranker (network simplex) on the same graph (measured once:
 * it takes tens of seconds), and dagre at the size where freshLayout stops using it.
 *
 * Run from the project root: `node benchmarks/graph_layout.mjs [nodes]` (prints JSON).
 * The TypeScript sources are transpiled in memory with the project's own typescript.
 */
import { createRequire } from 'module';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { performance } from 'perf_hooks';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ts = require(path.join(root, 'node_modules/typescript'));

/** Transpile src/ to CommonJS in a temp folder so node can require it. */
function compile() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lineage-bench-'));
  const files = ['layeredLayout.ts', 'graph/index.ts', 'graph/derive.ts', 'layout.ts', 'widgets/GraphNode.tsx'];
  for (const file of files) {
    const source = fs.readFileSync(path.join(root, 'src', file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.React, esModuleInterop: true }
    });
    const target = path.join(out, file.replace(/\.tsx?$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(out, 'node_modules'));
  return out;
}

/** A notebook-like session graph: cells of statements, each reading recent variables. */
export function syntheticGraph(totalNodes, seed = 7) {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const nodes = [];
  const edges = [];
  const cells = [];
  const variables = [];
  let run = 0;
  while (nodes.length < totalNodes) {
    run++;
    const statementIds = [];
    for (let i = 0; i < 3 && nodes.length < totalNodes; i++) {
      const sid = `stmt:${run}:${i}`;
      nodes.push({ id: sid, kind: 'statement', label: `v${variables.length} = f(...)`, cell_id: `cell-${run}`, run, line: i + 1, source: 'x = f(y)' });
      statementIds.push(sid);
      const reads = Math.min(variables.length, 1 + Math.floor(random() * 3));
      for (let r = 0; r < reads; r++) {
        const pick = variables[variables.length - 1 - Math.floor(random() * Math.min(30, variables.length))];
        edges.push({ source: pick, target: sid, kind: 'reads' });
      }
      const vid = `var:v${variables.length}:1`;
      nodes.push({ id: vid, kind: 'variable', label: `v${variables.length}`, name: `v${variables.length}`, version: 1, cell_id: `cell-${run}`, type_name: 'int', preview: '1' });
      edges.push({ source: sid, target: vid, kind: 'defines' });
      variables.push(vid);
    }
    cells.push({ run, cell_id: `cell-${run}`, execution_count: run, source: 'x = f(y)', order: run - 1, traced: true, error: false, statement_ids: statementIds });
  }
  return { format: 'lineage_ext.graph/1', session_id: 's', kernel_id: 'k', notebook_path: 'nb.ipynb', revision: run, nodes, edges, cells };
}

function time(fn) {
  const start = performance.now();
  const value = fn();
  return [performance.now() - start, value];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** What freshLayout costs at the largest size it still hands to dagre (median of 3). */
function dagreAt(req, nodes) {
  const { freshLayout } = req('./layout.js');
  const { indexGraph } = req('./graph/index.js');
  const { deriveView, DEFAULT_VIEW } = req('./graph/derive.js');
  const view = deriveView(indexGraph(syntheticGraph(nodes)), { ...DEFAULT_VIEW, mode: 'variables' }, new Set());
  return median([0, 1, 2].map(() => time(() => freshLayout(view))[0]));
}

function main() {
  const total = Number(process.argv[2] ?? 2000);
  const lib = compile();
  const req = createRequire(path.join(lib, 'index.js'));
  const { indexGraph } = req('./graph/index.js');
  const { deriveView, DEFAULT_VIEW } = req('./graph/derive.js');
  const { freshLayout, stableLayout, nodeSize, DAGRE_MAX_NODES } = req('./layout.js');
  const { GraphNode } = req('./widgets/GraphNode.js');
  const React = req('react');
  const { renderToStaticMarkup } = req('react-dom/server');
  const dagre = req('@dagrejs/dagre');

  const graph = syntheticGraph(total);
  const options = { ...DEFAULT_VIEW, mode: 'variables' };
  const rounds = { derive: [], layout: [], update: [], render: [], baseline: [] };
  for (let round = 0; round < 3; round++) {
    const [derive, view] = time(() => {
      const index = indexGraph(graph);
      return deriveView(index, options, new Set());
    });
    const [layoutMs, layout] = time(() => freshLayout(view));
    const grown = syntheticGraph(total + 2);
    const [update] = time(() => {
      const index = indexGraph(grown);
      return stableLayout(deriveView(index, options, new Set()), layout);
    });
    const [render] = time(() =>
      renderToStaticMarkup(
        React.createElement('svg', null, view.nodes.map(node =>
          React.createElement(GraphNode, { key: node.id, node, box: layout.boxes.get(node.id), highlighted: false, focused: false, onActivate: () => undefined, onHover: () => undefined })
        ))
      )
    );
    const [baseline] = round > 0 ? [NaN] : time(() => {
      const g = new dagre.graphlib.Graph();
      g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 44 });
      g.setDefaultEdgeLabel(() => ({}));
      view.nodes.forEach(n => g.setNode(n.id, nodeSize(n.kind, n.label)));
      view.edges.forEach(e => g.setEdge(e.source, e.target));
      dagre.layout(g);
    });
    Object.entries({ derive, layout: layoutMs, update, render, baseline }).forEach(([k, v]) => rounds[k].push(v));
  }
  const result = {
    benchmark: 'graph_layout',
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    derive_ms: median(rounds.derive),
    fresh_layout_ms: median(rounds.layout),
    one_cell_update_ms: median(rounds.update),
    react_render_ms: median(rounds.render),
    layout_plus_render_ms: median(rounds.layout) + median(rounds.render) + median(rounds.derive),
    baseline_dagre_network_simplex_ms: rounds.baseline[0],
    dagre_at_limit_ms: dagreAt(req, DAGRE_MAX_NODES),
    dagre_limit_nodes: DAGRE_MAX_NODES,
    target_ms: 1000
  };
  result.speedup_vs_baseline = +(result.baseline_dagre_network_simplex_ms / result.fresh_layout_ms).toFixed(2);
  result.ok = result.layout_plus_render_ms < result.target_ms;
  fs.rmSync(lib, { recursive: true, force: true });
  console.log(JSON.stringify(result, null, 1));
}

if (process.argv[1] && process.argv[1].endsWith("graph_layout.mjs")) main();
