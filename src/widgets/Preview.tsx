/** The stored preview of an artifact value (computed at save time, never by unpickling). */
import React from 'react';

type Preview = Record<string, unknown>;

const text = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

function Table({ preview }: { preview: Preview }): JSX.Element {
  const columns = (preview.columns as string[] | undefined) ?? [];
  const index = (preview.index as unknown[] | undefined) ?? [];
  const head = (preview.head as unknown[][] | undefined) ?? [];
  const dtypes = (preview.dtypes as Record<string, string> | undefined) ?? {};
  return (
    <table className="jp-LineagePreview-table" aria-label="First rows">
      <thead>
        <tr>
          <th />
          {columns.map(c => (
            <th key={c} title={dtypes[c]}>
              {c}
              <div className="jp-LineagePreview-dtype">{dtypes[c]}</div>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {head.map((row, i) => (
          <tr key={i}>
            <th>{text(index[i])}</th>
            {row.map((cell, j) => (
              <td key={j}>{text(cell)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ValuePreview({ preview }: { preview: Preview }): JSX.Element {
  const kind = String(preview.kind ?? 'object');
  const shape = preview.shape as number[] | undefined;
  return (
    <div className="jp-LineagePreview" data-kind={kind}>
      <div className="jp-LineagePreview-summary">
        {text(preview.type)}
        {shape && ` · shape (${shape.join(', ')})`}
        {preview.dtype !== undefined && ` · dtype ${text(preview.dtype)}`}
        {preview.length !== undefined && ` · length ${text(preview.length)}`}
      </div>
      {kind === 'dataframe' && <Table preview={preview} />}
      {(kind === 'series' || kind === 'ndarray') && (
        <pre className="jp-LineagePreview-repr">
          {(preview.head as unknown[] | undefined)?.map(text).join(', ')}
        </pre>
      )}
      {kind === 'scalar' && (
        <pre className="jp-LineagePreview-repr">{text(preview.value)}</pre>
      )}
      {preview.repr !== undefined && (
        <pre className="jp-LineagePreview-repr">{text(preview.repr)}</pre>
      )}
      {kind === 'figure' && (
        <div>
          figure {text(preview.size_inches)} in, {text(preview.axes)} axes
        </div>
      )}
    </div>
  );
}
