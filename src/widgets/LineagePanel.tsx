/**
 * The "Lineage" sidebar: status of the store and tracer, and the empty state that
 * tells a new user what to do. Later sections (graph, artifact browser) mount here.
 */
import { ReactWidget } from '@jupyterlab/ui-components';
import React, { useCallback, useEffect, useState } from 'react';

import { fetchStatus } from '../api/client';
import type { StatusResponse } from '../api/types';
import { lineageIcon } from '../icons';

function EmptyState(): JSX.Element {
  return (
    <div className="jp-LineagePanel-empty" data-testid="lineage-empty">
      <h3>No lineage yet</h3>
      <p>
        Open a notebook with a Python kernel and run a cell: every cell is
        traced and its variables, files and artifacts appear here as a graph.
      </p>
      <p>
        Save a result with{' '}
        <code>lineage_ext.save(value, &quot;name&quot;)</code>, or choose{' '}
        <em>Save artifact…</em> in a code cell&apos;s right-click menu
      </p>
    </div>
  );
}

function StatusView({ status }: { status: StatusResponse }): JSX.Element {
  return (
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
  );
}

export function LineagePanelView(): JSX.Element {
  const [status, setStatus] = useState<StatusResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    fetchStatus()
      .then(value => {
        setStatus(value);
        setError(null);
      })
      .catch((reason: Error) => setError(reason.message));
  }, []);
  useEffect(refresh, [refresh]);
  return (
    <>
      <div className="jp-LineagePanel-header">
        <span>Lineage</span>
        <button
          className="jp-Button jp-mod-minimal jp-mod-styled"
          onClick={refresh}
          aria-label="Refresh lineage status"
          title="Refresh"
        >
          ↻
        </button>
      </div>
      {error && (
        <div className="jp-LineagePanel-error" role="alert">
          {error}
        </div>
      )}
      <EmptyState />
      {status && (
        <div className="jp-LineagePanel-section">
          <StatusView status={status} />
        </div>
      )}
    </>
  );
}

export class LineagePanel extends ReactWidget {
  constructor() {
    super();
    this.id = 'lineage-ext-panel';
    this.addClass('jp-LineagePanel');
    this.title.icon = lineageIcon;
    this.title.caption = 'Lineage';
  }

  protected render(): JSX.Element {
    return <LineagePanelView />;
  }
}
