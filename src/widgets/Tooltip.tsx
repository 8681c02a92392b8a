/**
 * The hover card of a graph node: name, type, preview, and the line of code that defined it;
 * for a call trace its stages, call count and duration.
 */
import React from 'react';

import type { IViewNode } from '../graph/derive';
import { formatDuration } from './format';

function rows(node: IViewNode): [string, string][] {
  const d = node.data;
  const result: [string, string][] = [];
  const add = (
    label: string,
    value: string | number | null | undefined
  ): void => {
    if (value !== undefined && value !== null && value !== '') {
      result.push([label, String(value)]);
    }
  };
  if (node.kind === 'cell') {
    add('statements', node.members.length);
  }
  if (node.kind === 'trace') {
    add('calls', d.trace_calls);
    add('duration', formatDuration(d.duration_ns));
  }
  add('type', d.type_name);
  add('version', d.version ?? d.artifact_version);
  add('preview', d.preview);
  add('path', d.path);
  add(
    'package',
    d.package ? `${d.package} ${d.package_version ?? ''}` : undefined
  );
  add(
    'cell',
    d.execution_count === null || d.execution_count === undefined
      ? undefined
      : `[${d.execution_count}]`
  );
  return result;
}

export function Tooltip({
  node,
  x,
  y
}: {
  node: IViewNode;
  x: number;
  y: number;
}): JSX.Element {
  const d = node.data;
  const code = node.kind === 'cell' ? undefined : d.source?.split('\n')[0];
  return (
    <div
      className="jp-LineageGraph-tooltip"
      role="tooltip"
      style={{ left: Math.max(0, x), top: y }}
    >
      <div className="jp-LineageGraph-tooltipTitle">
        {d.name ?? d.artifact_name ?? node.label}
        {node.stale && (
          <span className="jp-LineageBadge jp-mod-stale">stale</span>
        )}
        {node.superseded && <span className="jp-LineageBadge">superseded</span>}
        {d.error && (
          <span className="jp-LineageBadge jp-mod-failed">raised</span>
        )}
      </div>
      {d.error && (
        <div className="jp-LineageGraph-tooltipError" role="alert">
          {d.exception ?? 'This statement raised an exception.'}
        </div>
      )}
      <dl>
        {rows(node).map(([label, value]) => (
          <React.Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </React.Fragment>
        ))}
      </dl>
      {node.kind === 'trace' && (
        <div className="jp-LineageGraph-tooltipHint">
          Click or press Enter to see the calls
        </div>
      )}
      {code && (
        <pre className="jp-LineageGraph-tooltipCode">
          {d.line ? `${d.line}: ` : ''}
          {code}
        </pre>
      )}
    </div>
  );
}
