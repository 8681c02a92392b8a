/**
 * The "Lineage" sidebar: the live graph of the active notebook (top) and, below it, the
 * artifact browser, an artifact's detail, or the call trace of an activated trace node.
 * Views read the models; actions come in as props.
 */
import { ReactWidget } from '@jupyterlab/ui-components';
import React, { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

import { fetchStatus } from '../api/client';
import type { ArtifactJSON, StatusResponse } from '../api/types';
import type { ArtifactsModel } from '../artifactsModel';
import { IViewNode, plainNode } from '../graph/derive';
import { traceOwner } from '../graph/index';
import { lineageIcon } from '../icons';
import type { LineageModel } from '../model';
import { TraceModel } from '../traceModel';
import { ArtifactBrowser } from './ArtifactBrowser';
import { ArtifactDetail, IDetailActions } from './ArtifactDetail';
import { artifactKey } from './format';
import { GraphToolbar, ZoomCommand } from './GraphToolbar';
import { GraphView } from './GraphView';
import { TraceView } from './TraceView';

export interface IPanelActions extends IDetailActions {
  activateNode: (node: IViewNode) => void;
  exportArtifacts: (artifacts: ArtifactJSON[]) => void;
}

function StatusView(): JSX.Element | null {
  const [status, setStatus] = useState<StatusResponse | null>(null);
  useEffect(() => {
    fetchStatus().then(setStatus, () => setStatus(null));
  }, []);
  return status ? (
    <dl className="jp-LineagePanel-status" aria-label="Lineage status">
      <dt>Store</dt>
      <dd title={status.store_uri}>{status.store_uri}</dd>
      <dt>Kernels traced</dt>
      <dd>
        {status.kernels_traced} of {status.kernels_running}
      </dd>
      <dt>Version</dt>
      <dd>{status.version}</dd>
    </dl>
  ) : null;
}

function EmptyState({ notebook }: { notebook: boolean }): JSX.Element {
  return (
    <div className="jp-LineagePanel-empty" data-testid="lineage-empty">
      <h3>No lineage yet</h3>
      <p>
        {notebook
          ? 'Run a cell of this notebook: every cell is traced and its variables, files and artifacts appear here as a graph.'
          : 'Open a notebook with a Python kernel and run a cell: every cell is traced and its variables, files and artifacts appear here as a graph.'}
      </p>
      <p>
        Save a result with{' '}
        <code>lineage_ext.save(value, &quot;name&quot;)</code>, or choose{' '}
        <em>Save artifact…</em> in a code cell&apos;s right-click menu.
      </p>
      <StatusView />
    </div>
  );
}

/** Re-render on `signal`; `now`: synchronously (a pushed graph is drawn before the reply). */
function useSignal(
  signal: {
    connect: (f: () => void) => boolean;
    disconnect: (f: () => void) => boolean;
  },
  now = false
): void {
  const [, bump] = useState(0);
  useEffect(() => {
    const render = (): void => bump(n => n + 1);
    const update = now ? () => flushSync(render) : render;
    signal.connect(update);
    return () => {
      signal.disconnect(update);
    };
  }, [signal, now]);
}

/** The trace view, with "Go to cell" going where activating the tracing statement goes. */
function OpenTrace(props: {
  model: LineageModel;
  traces: TraceModel;
  actions: IPanelActions;
  onClosed: (nodeId: string) => void;
}): JSX.Element | null {
  const { model, traces, actions } = props;
  const state = traces.state;
  if (!state) {
    return null;
  }
  const owner = model.index ? traceOwner(model.index, state.nodeId) : undefined;
  const goToCell =
    owner?.cell_id && model.index
      ? () => actions.activateNode(plainNode(model.index!, owner, model.stale))
      : null;
  return (
    <TraceView
      state={state}
      onBack={() => {
        traces.close();
        props.onClosed(state.nodeId);
      }}
      onGoToCell={goToCell}
    />
  );
}

export function LineagePanelView(props: {
  model: LineageModel;
  artifacts: ArtifactsModel;
  traces: TraceModel;
  actions: IPanelActions;
}): JSX.Element {
  const { model, artifacts, traces, actions } = props;
  useSignal(model.changed);
  // the first pushed graph mounts the graph view: at once, like GraphView's own updates
  useSignal(model.pushed, true);
  useSignal(artifacts.changed);
  useSignal(traces.changed);
  const graphSection = useRef<HTMLElement>(null);
  // a trace belongs to the notebook it was opened from
  useEffect(() => traces.close(), [model.path]);
  const activate = (node: IViewNode): void => {
    if (node.kind === 'trace' && node.data.trace_id) {
      void traces.open(node.data.trace_id, node.id);
    } else {
      actions.activateNode(node);
    }
  };
  const refocusNode = (nodeId: string): void => {
    const nodes = graphSection.current?.querySelectorAll<SVGGElement>(
      '.jp-LineageGraph-node'
    );
    Array.from(nodes ?? [])
      .find(n => n.dataset.nodeId === nodeId)
      ?.focus();
  };
  const [zoom, setZoom] = useState<{ name: ZoomCommand; seq: number }>({
    name: 'fit',
    seq: 0
  });
  const stale = model.staleArtifacts;
  const detail = artifacts.detail;
  const hasGraph = model.graph !== null && model.graph.nodes.length > 0;
  return (
    <>
      <div className="jp-LineagePanel-header">
        <span title={model.path ?? ''}>
          Lineage{model.path ? ` · ${model.path.split('/').pop()}` : ''}
        </span>
        <button
          className="jp-LineageIconButton"
          onClick={() => {
            void model.refresh();
            void artifacts.refresh();
          }}
          aria-label="Refresh lineage"
          title="Refresh"
        >
          ↻
        </button>
      </div>
      {model.error && (
        <div className="jp-LineagePanel-error" role="alert">
          {model.error}
        </div>
      )}
      <section
        ref={graphSection}
        className="jp-LineagePanel-graph"
        aria-label="Lineage graph"
      >
        {hasGraph ? (
          <>
            <GraphToolbar
              model={model}
              onZoom={name => setZoom(z => ({ name, seq: z.seq + 1 }))}
            />
            <GraphView
              model={model}
              onActivate={activate}
              command={zoom}
              openNodeId={traces.state?.nodeId ?? null}
            />
          </>
        ) : (
          <EmptyState notebook={model.path !== null} />
        )}
      </section>
      <section
        className="jp-LineagePanel-artifacts"
        aria-label={traces.state ? 'Call trace' : 'Artifacts'}
      >
        <h2 className="jp-LineagePanel-sectionTitle">
          {traces.state ? 'Call trace' : 'Artifacts'}
        </h2>
        {traces.state ? (
          <OpenTrace
            model={model}
            traces={traces}
            actions={actions}
            onClosed={refocusNode}
          />
        ) : detail ? (
          <ArtifactDetail
            detail={detail}
            stale={stale.has(artifactKey(detail.artifact))}
            model={artifacts}
            actions={actions}
          />
        ) : (
          <ArtifactBrowser
            model={artifacts}
            stale={stale}
            onExport={actions.exportArtifacts}
            onDelete={actions.onDelete}
          />
        )}
      </section>
    </>
  );
}

export class LineagePanel extends ReactWidget {
  constructor(
    readonly model: LineageModel,
    readonly artifacts: ArtifactsModel,
    private actions: IPanelActions,
    readonly traces: TraceModel = new TraceModel()
  ) {
    super();
    this.id = 'lineage-ext-panel';
    this.addClass('jp-LineagePanel');
    this.title.icon = lineageIcon;
    this.title.caption = 'Lineage';
  }

  protected render(): JSX.Element {
    return (
      <LineagePanelView
        model={this.model}
        artifacts={this.artifacts}
        traces={this.traces}
        actions={this.actions}
      />
    );
  }
}
