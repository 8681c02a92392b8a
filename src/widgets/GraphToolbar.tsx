/** Controls above the graph: name filter, view level, imports, focus, zoom and fit. */
import React from 'react';

import type { ViewMode } from '../graph/derive';
import type { LineageModel } from '../model';

export type ZoomCommand = 'in' | 'out' | 'fit';

export function GraphToolbar(props: {
  model: LineageModel;
  onZoom: (command: ZoomCommand) => void;
}): JSX.Element {
  const { model } = props;
  const options = model.options;
  const view = model.view;
  const focus = options.focus;
  const focusLabel = focus
    ? (model.index?.nodes.get(focus.id)?.label ??
      view.nodes.find(n => n.id === focus.id)?.label ??
      focus.id)
    : '';
  return (
    <div
      className="jp-LineageGraph-toolbar"
      role="toolbar"
      aria-label="Graph view"
    >
      <input
        type="search"
        className="jp-LineageInput"
        placeholder="Filter by name"
        aria-label="Filter graph by name"
        value={options.filter}
        onChange={e => model.setOptions({ filter: e.target.value })}
      />
      <select
        className="jp-LineageSelect"
        aria-label="Graph level"
        value={options.mode}
        onChange={e => model.setOptions({ mode: e.target.value as ViewMode })}
      >
        <option value="auto">
          Auto ({view.collapsed ? 'cells' : 'variables'})
        </option>
        <option value="variables">Variables</option>
        <option value="cells">Cells</option>
      </select>
      <label className="jp-LineageGraph-check">
        <input
          type="checkbox"
          checked={options.showImports}
          onChange={e => model.setOptions({ showImports: e.target.checked })}
        />
        Imports
      </label>
      <label
        className="jp-LineageGraph-check"
        title="Show every earlier run of re-run cells"
      >
        <input
          type="checkbox"
          checked={options.showSuperseded}
          onChange={e => model.setOptions({ showSuperseded: e.target.checked })}
        />
        Old runs
      </label>
      <span className="jp-LineageGraph-zoom">
        <button
          className="jp-LineageIconButton"
          aria-label="Zoom in"
          title="Zoom in (+)"
          onClick={() => props.onZoom('in')}
        >
          +
        </button>
        <button
          className="jp-LineageIconButton"
          aria-label="Zoom out"
          title="Zoom out (-)"
          onClick={() => props.onZoom('out')}
        >
          −
        </button>
        <button
          className="jp-LineageIconButton"
          aria-label="Fit to view"
          title="Fit to view (0)"
          onClick={() => props.onZoom('fit')}
        >
          ⤢
        </button>
        <button
          className="jp-LineageIconButton"
          aria-label="Lay out again"
          title="Lay out again"
          onClick={() => model.relayout()}
        >
          ⟲
        </button>
      </span>
      {focus && (
        <div className="jp-LineageGraph-focus" data-testid="lineage-focus">
          {focus.direction === 'upstream' ? 'Upstream of' : 'Downstream of'}{' '}
          <b>{focusLabel}</b>
          <button
            className="jp-LineageIconButton"
            aria-label="Show the whole graph"
            onClick={() => model.setOptions({ focus: null })}
          >
            ✕
          </button>
        </div>
      )}
    </div>
  );
}
