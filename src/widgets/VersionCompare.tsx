/**
 * Two versions of an artifact side by side: their code as a line diff and their stored
 * summaries (type, serializer, size, verification and every preview field: shape, columns,
 * dtypes, metrics, parameters...) in one table, differing rows marked.
 */
import React from 'react';

import type { ArtifactDetailResponse } from '../api/types';
import { diffLines } from '../diff';
import { formatSize, truncate, verificationLabel } from './format';

function summary(detail: ArtifactDetailResponse): Map<string, string> {
  const a = detail.artifact;
  const rows = new Map<string, string>([
    ['type', a.type_name],
    ['serializer', a.serializer],
    ['size', formatSize(a.size_bytes)],
    ['verification', verificationLabel(a)]
  ]);
  for (const [key, value] of Object.entries(a.preview ?? {})) {
    rows.set(key, truncate(JSON.stringify(value), 120));
  }
  return rows;
}

export function VersionCompare(props: {
  older: ArtifactDetailResponse;
  newer: ArtifactDetailResponse;
  onClose: () => void;
}): JSX.Element {
  const { older, newer } = props;
  const left = summary(older);
  const right = summary(newer);
  const keys = [...new Set([...left.keys(), ...right.keys()])];
  const lines = diffLines(older.code ?? '', newer.code ?? '');
  return (
    <div className="jp-LineageCompare" data-testid="lineage-compare">
      <h4>
        v{older.artifact.version} → v{newer.artifact.version}
        <button
          className="jp-LineageIconButton"
          aria-label="Close the comparison"
          onClick={props.onClose}
        >
          ✕
        </button>
      </h4>
      <table className="jp-LineageCompare-summary">
        <thead>
          <tr>
            <th />
            <th>v{older.artifact.version}</th>
            <th>v{newer.artifact.version}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map(key => (
            <tr
              key={key}
              className={
                left.get(key) !== right.get(key) ? 'jp-mod-changed' : ''
              }
            >
              <th>{key}</th>
              <td>{left.get(key) ?? '—'}</td>
              <td>{right.get(key) ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <pre className="jp-LineageCompare-diff" aria-label="Code changes">
        {lines.map((line, i) => (
          <div key={i} className={`jp-LineageCompare-${line.kind}`}>
            {line.kind === 'added'
              ? '+ '
              : line.kind === 'removed'
                ? '- '
                : '  '}
            {line.text}
          </div>
        ))}
      </pre>
    </div>
  );
}
