/**
 * The artifact browser: search, all vs this notebook, newest first; each row shows version,
 * date, type, size, verification and staleness, expands to its versions, opens its detail,
 * and can be selected for export. Up/Down move between rows.
 */
import React, { useState } from 'react';

import type { ArtifactJSON } from '../api/types';
import type { ArtifactsModel } from '../artifactsModel';
import {
  artifactKey,
  formatDate,
  formatSize,
  verificationLabel
} from './format';

export interface IBrowserProps {
  model: ArtifactsModel;
  stale: Set<string>;
  onExport: (artifacts: ArtifactJSON[]) => void;
  onDelete: (name: string, version: number | 'all') => void;
}

function moveFocus(event: React.KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') {
    return;
  }
  const list = event.currentTarget.closest('.jp-LineageArtifacts-list');
  const rows = Array.from(
    list?.querySelectorAll<HTMLElement>('.jp-LineageArtifacts-open') ?? []
  );
  const at = rows.indexOf(event.target as HTMLElement);
  const next = rows[at + (event.key === 'ArrowDown' ? 1 : -1)];
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

function Row(props: {
  artifact: ArtifactJSON;
  stale: boolean;
  model: ArtifactsModel;
  nested?: boolean;
  selected?: boolean;
  onSelect?: (on: boolean) => void;
  onDelete: IBrowserProps['onDelete'];
}): JSX.Element {
  const { artifact: a, model } = props;
  const versions = model.versions.get(a.name);
  const title = props.nested ? `v${a.version}` : `${a.name} v${a.version}`;
  return (
    <li
      className={`jp-LineageArtifacts-row${props.stale ? ' jp-mod-stale' : ''}`}
      data-artifact={artifactKey(a)}
    >
      <div className="jp-LineageArtifacts-line">
        {props.onSelect && (
          <input
            type="checkbox"
            aria-label={`Select ${a.name} for export`}
            checked={props.selected}
            onChange={e => props.onSelect!(e.target.checked)}
          />
        )}
        <button
          className="jp-LineageArtifacts-open"
          onClick={() => void model.open(a.name, a.version)}
          onKeyDown={moveFocus}
          aria-label={`Open ${title}`}
        >
          <span className="jp-LineageArtifacts-name">{title}</span>
          {props.stale && (
            <span className="jp-LineageBadge jp-mod-stale">stale</span>
          )}
          <span
            className={`jp-LineageBadge jp-mod-${a.verification.status}`}
            title={a.verification.reason ?? ''}
          >
            {verificationLabel(a)}
          </span>
        </button>
        {!props.nested && (
          <button
            className="jp-LineageArtifacts-versions"
            aria-expanded={Boolean(versions)}
            aria-label={`Versions of ${a.name}`}
            onClick={() => void model.toggleVersions(a.name)}
          >
            {versions ? '▾' : '▸'} {a.version}{' '}
            {a.version === 1 ? 'version' : 'versions'}
          </button>
        )}
        {props.nested && (
          <button
            className="jp-LineageArtifacts-delete"
            aria-label={`Delete ${a.name} version ${a.version}`}
            title="Delete this version"
            onClick={() => props.onDelete(a.name, a.version)}
          >
            ✕
          </button>
        )}
      </div>
      <div className="jp-LineageArtifacts-meta">
        {formatDate(a.date_created)} · {a.type_name} ·{' '}
        {formatSize(a.size_bytes)}
      </div>
      {!props.nested && versions && (
        <ul
          className="jp-LineageArtifacts-list jp-mod-nested"
          aria-label={`Versions of ${a.name}`}
        >
          {versions.map(v => (
            <Row
              key={v.version}
              artifact={v}
              stale={false}
              model={model}
              nested
              onDelete={props.onDelete}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

export function ArtifactBrowser(props: IBrowserProps): JSX.Element {
  const { model } = props;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const chosen = model.artifacts.filter(a => selected.has(artifactKey(a)));
  const toggle = (a: ArtifactJSON, on: boolean): void => {
    const next = new Set(selected);
    if (on) {
      next.add(artifactKey(a));
    } else {
      next.delete(artifactKey(a));
    }
    setSelected(next);
  };
  return (
    <div className="jp-LineageArtifacts" data-testid="lineage-artifacts">
      <div className="jp-LineageArtifacts-controls">
        <input
          type="search"
          className="jp-LineageInput"
          placeholder="Search artifacts"
          aria-label="Search artifacts"
          value={model.search}
          onChange={e => model.setSearch(e.target.value)}
        />
        <div
          role="radiogroup"
          aria-label="Which artifacts"
          className="jp-LineageArtifacts-scope"
        >
          {(['all', 'notebook'] as const).map(scope => (
            <label key={scope}>
              <input
                type="radio"
                name="lineage-scope"
                checked={model.scope === scope}
                onChange={() => model.setScope(scope)}
              />
              {scope === 'all' ? 'All' : 'This notebook'}
            </label>
          ))}
        </div>
        <button
          className="jp-Button jp-mod-styled jp-mod-accept"
          disabled={!chosen.length}
          onClick={() => props.onExport(chosen)}
        >
          Export pipeline…
        </button>
      </div>
      {model.error && (
        <div className="jp-LineagePanel-error" role="alert">
          {model.error}
        </div>
      )}
      {model.artifacts.length === 0 ? (
        <p className="jp-LineageArtifacts-empty">
          No artifacts{model.search ? ' match' : ' yet'}.
        </p>
      ) : (
        <ul
          className="jp-LineageArtifacts-list"
          aria-label="Artifacts, newest first"
        >
          {model.artifacts.map(a => (
            <Row
              key={a.name}
              artifact={a}
              stale={props.stale.has(artifactKey(a))}
              model={model}
              selected={selected.has(artifactKey(a))}
              onSelect={on => toggle(a, on)}
              onDelete={props.onDelete}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
