/**
 * One artifact version: metadata, value preview, the minimal code (highlighted, copy,
 * open as notebook or script), lineage inputs/outputs to navigate, delete.
 */
import React, { useEffect, useRef, useState } from 'react';

import type { ArtifactDetailResponse, LineageRefJSON } from '../api/types';
import type { ArtifactsModel } from '../artifactsModel';
import {
  formatDate,
  formatSize,
  verificationDetail,
  verificationLabel
} from './format';
import { ValuePreview } from './Preview';
import { RunLinks } from './RunLinks';
import { VersionCompare } from './VersionCompare';

export interface IDetailActions {
  /** Render highlighted `code` into the empty, detached `element`. */
  highlight: (code: string, element: HTMLElement) => void | Promise<void>;
  openCode: (detail: ArtifactDetailResponse, as: 'notebook' | 'script') => void;
  copy: (text: string) => Promise<void>;
  openFile: (path: string) => void;
  onDelete: (name: string, version: number | 'all') => void;
  /** add a cell loading this version to the followed notebook */
  insertLoad?: (name: string, version: number) => void;
  /** highlight the cells of this version's slice in its notebook */
  showInNotebook?: (detail: ArtifactDetailResponse) => void;
}

/** The code a notebook cell needs to load one version of an artifact. */
export function loadCode(name: string, version: number): string {
  const variable = /^[A-Za-z_]\w*$/.test(name) ? name : 'value';
  return `import lineage_ext\n\n${variable} = lineage_ext.get(${JSON.stringify(name)}, ${version}).get_value()`;
}

/** "Compare with" another version: the chosen version's detail, fetched on demand. */
function Compare(props: {
  detail: ArtifactDetailResponse;
  model: ArtifactsModel;
}): JSX.Element | null {
  const { detail, model } = props;
  const a = detail.artifact;
  const [other, setOther] = useState<ArtifactDetailResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setOther(null), [a.name, a.version]);
  if (a.version <= 1 && !model.versions.get(a.name)?.length) {
    return null;
  }
  const versions = Array.from(
    { length: Math.max(a.version, 1) },
    (_, i) => i + 1
  )
    .concat((model.versions.get(a.name) ?? []).map(v => v.version))
    .filter((v, i, all) => v !== a.version && all.indexOf(v) === i)
    .sort((x, y) => y - x);
  const choose = (version: number): void => {
    model.fetchDetail(a.name, version).then(
      d => {
        setOther(d);
        setError(null);
      },
      (e: Error) => setError(e.message)
    );
  };
  return (
    <div className="jp-LineageDetail-compare">
      <label>
        Compare with{' '}
        <select
          className="jp-LineageSelect"
          aria-label="Compare with version"
          value={other?.artifact.version ?? ''}
          onChange={e => e.target.value && choose(Number(e.target.value))}
        >
          <option value="">…</option>
          {versions.map(v => (
            <option key={v} value={v}>
              v{v}
            </option>
          ))}
        </select>
      </label>
      {error && <p className="jp-LineagePanel-error">{error}</p>}
      {other && (
        <VersionCompare
          older={other.artifact.version < a.version ? other : detail}
          newer={other.artifact.version < a.version ? detail : other}
          onClose={() => setOther(null)}
        />
      )}
    </div>
  );
}

function Code({
  code,
  actions
}: {
  code: string;
  actions: IDetailActions;
}): JSX.Element {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const pre = ref.current;
    if (!pre) {
      return;
    }
    // plain text now; the highlighted copy replaces it (never appends to it) once ready
    pre.textContent = code;
    const target = document.createElement('pre');
    let current = true;
    void Promise.resolve(actions.highlight(code, target)).then(() => {
      if (current && target.childNodes.length) {
        pre.replaceChildren(...Array.from(target.childNodes));
      }
    });
    return () => {
      current = false;
    };
  }, [code]);
  return (
    <pre
      ref={ref}
      className="jp-LineageDetail-code cm-s-jupyter"
      aria-label="Minimal code"
      tabIndex={0}
    />
  );
}

function LineageRefs(props: {
  title: string;
  refs: LineageRefJSON[];
  model: ArtifactsModel;
  actions: IDetailActions;
}): JSX.Element | null {
  if (!props.refs.length) {
    return null;
  }
  return (
    <div className="jp-LineageDetail-refs">
      <h4>{props.title}</h4>
      <ul>
        {props.refs.map(ref => (
          <li key={`${ref.kind}:${ref.name}:${ref.version}`}>
            <button
              className="jp-LineageDetail-link"
              onClick={() =>
                ref.kind === 'artifact'
                  ? void props.model.open(ref.name, ref.version ?? 'latest')
                  : props.actions.openFile(ref.name)
              }
            >
              {ref.kind === 'artifact' ? '◆' : '🗎'} {ref.name}
              {ref.version !== null ? ` v${ref.version}` : ''}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ArtifactDetail(props: {
  detail: ArtifactDetailResponse;
  stale: boolean;
  model: ArtifactsModel;
  actions: IDetailActions;
}): JSX.Element {
  const { detail, model, actions } = props;
  const a = detail.artifact;
  const [copied, setCopied] = useState(false);
  const copy = (): void => {
    void actions.copy(detail.code ?? '').then(() => setCopied(true));
  };
  return (
    <section
      className="jp-LineageDetail"
      aria-label={`Artifact ${a.name} version ${a.version}`}
      data-testid="lineage-detail"
    >
      <div className="jp-LineageDetail-header">
        <button
          className="jp-LineageDetail-back"
          aria-label="Back to the artifact list"
          onClick={() => model.closeDetail()}
        >
          ←
        </button>
        <h3>
          {a.name}{' '}
          <span className="jp-LineageDetail-version">v{a.version}</span>
        </h3>
        {props.stale && (
          <span className="jp-LineageBadge jp-mod-stale">stale</span>
        )}
      </div>
      <dl className="jp-LineagePanel-status">
        <dt>Saved</dt>
        <dd>{formatDate(a.date_created)}</dd>
        <dt>Type</dt>
        <dd>
          {a.type_name} ({a.serializer})
        </dd>
        <dt>Size</dt>
        <dd>{formatSize(a.size_bytes)}</dd>
        <dt>Verification</dt>
        <dd title={a.verification.reason ?? ''}>
          <span className={`jp-LineageBadge jp-mod-${a.verification.status}`}>
            {verificationLabel(a)}
          </span>
          {verificationDetail(a) && (
            <div className="jp-LineageDetail-verification">
              {verificationDetail(a)}
            </div>
          )}
        </dd>
        {a.notebook_path && (
          <>
            <dt>Notebook</dt>
            <dd>{a.notebook_path}</dd>
          </>
        )}
      </dl>
      <h4>Value</h4>
      <ValuePreview preview={a.preview} />
      {actions.insertLoad && (
        <div className="jp-LineageDetail-buttons">
          <button
            className="jp-Button jp-mod-styled"
            title={loadCode(a.name, a.version)}
            onClick={() => actions.insertLoad!(a.name, a.version)}
          >
            Insert code to load this artifact
          </button>
        </div>
      )}
      <Compare detail={detail} model={model} />
      <h4>Minimal code</h4>
      {detail.code !== null ? (
        <>
          <Code code={detail.code} actions={actions} />
          <div className="jp-LineageDetail-buttons">
            <button className="jp-Button jp-mod-styled" onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button
              className="jp-Button jp-mod-styled"
              onClick={() => actions.openCode(detail, 'notebook')}
            >
              Open as notebook
            </button>
            <button
              className="jp-Button jp-mod-styled"
              onClick={() => actions.openCode(detail, 'script')}
            >
              Open as script
            </button>
            {actions.showInNotebook && (
              <button
                className="jp-Button jp-mod-styled"
                onClick={() => actions.showInNotebook!(detail)}
              >
                Show in notebook
              </button>
            )}
          </div>
        </>
      ) : (
        <p className="jp-LineageDetail-noCode">{detail.code_error}</p>
      )}
      {a.lineage && (
        <>
          <LineageRefs
            title="Inputs"
            refs={a.lineage.inputs}
            model={model}
            actions={actions}
          />
          <LineageRefs
            title="Outputs"
            refs={a.lineage.outputs}
            model={model}
            actions={actions}
          />
        </>
      )}
      <RunLinks links={detail.links} />
      <div className="jp-LineageDetail-buttons">
        <button
          className="jp-Button jp-mod-styled jp-mod-warn"
          onClick={() => actions.onDelete(a.name, a.version)}
        >
          Delete v{a.version}
        </button>
        <button
          className="jp-Button jp-mod-styled jp-mod-warn"
          onClick={() => actions.onDelete(a.name, 'all')}
        >
          Delete all versions
        </button>
      </div>
    </section>
  );
}
