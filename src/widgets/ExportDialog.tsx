/**
 * "Export pipeline" for the selected artifacts: framework (remembered in settings),
 * pipeline name, output folder, parameters from the literal assignments the server
 * lists, artifacts to reuse, tests. Server errors (404 included) are shown in the dialog.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import React from 'react';

import { staleWarning } from './warnings';

import type {
  ArtifactJSON,
  ExportRequest,
  ExportResponse,
  FrameworkJSON,
  ParameterCandidateJSON
} from '../api/types';

/** Shown when the server cannot list its frameworks (the export issue's list). */
export const FALLBACK_FRAMEWORKS = [
  'SCRIPT',
  'AIRFLOW',
  'ARGO',
  'KUBEFLOW',
  'DVC',
  'RAY',
  'PREFECT',
  'DAGSTER'
];

export interface IExportContext {
  frameworks: FrameworkJSON[];
  candidates: ParameterCandidateJSON[];
  /** why frameworks or parameters could not be listed */
  notice: string | null;
  /** "name vN" of chosen artifacts whose inputs changed since they were saved */
  stale?: string[];
}

function Check(props: {
  label: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}): JSX.Element {
  return (
    <label className="jp-LineageExport-check">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={e => props.onChange(e.target.checked)}
      />{' '}
      {props.label}
    </label>
  );
}

const toggled = (list: string[], item: string, on: boolean): string[] =>
  on ? [...list.filter(x => x !== item), item] : list.filter(x => x !== item);

class ExportBody
  extends ReactWidget
  implements Dialog.IBodyWidget<ExportRequest>
{
  constructor(
    private request: ExportRequest,
    private context: IExportContext,
    private error: string | null
  ) {
    super();
  }
  getValue(): ExportRequest {
    return this.request;
  }
  private set(patch: Partial<ExportRequest>): void {
    this.request = { ...this.request, ...patch };
    this.update();
  }
  protected render(): JSX.Element {
    const r = this.request;
    const names = this.context.frameworks.length
      ? this.context.frameworks
      : FALLBACK_FRAMEWORKS.map(name => ({
          name,
          label: name,
          description: ''
        }));
    return (
      <div className="jp-LineageExport">
        <p>{r.artifacts.map(a => `${a.name} v${a.version}`).join(', ')}</p>
        <label htmlFor="lineage-export-framework">Framework</label>
        <select
          id="lineage-export-framework"
          className="jp-mod-styled"
          value={r.framework}
          onChange={e => this.set({ framework: e.target.value })}
        >
          {names.map(f => (
            <option key={f.name} value={f.name} title={f.description}>
              {f.label}
            </option>
          ))}
        </select>
        <label htmlFor="lineage-export-name">Pipeline name</label>
        <input
          id="lineage-export-name"
          className="jp-mod-styled"
          value={r.pipeline_name ?? ''}
          onChange={e => this.set({ pipeline_name: e.target.value || null })}
        />
        <label htmlFor="lineage-export-dir">
          Output folder (in the Jupyter root)
        </label>
        <input
          id="lineage-export-dir"
          className="jp-mod-styled"
          value={r.output_dir}
          onChange={e => this.set({ output_dir: e.target.value })}
        />
        <fieldset>
          <legend>Parameters</legend>
          {this.context.candidates.length === 0 && (
            <div className="jp-LineageSave-hint">
              No literal assignments found.
            </div>
          )}
          {this.context.candidates.map(c => (
            <Check
              key={`${c.artifact}:${c.name}`}
              label={`${c.name} = ${c.value}`}
              checked={r.input_parameters.includes(c.name)}
              onChange={on =>
                this.set({
                  input_parameters: toggled(r.input_parameters, c.name, on)
                })
              }
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>Reuse pre-computed artifacts</legend>
          {r.artifacts.map(a => (
            <Check
              key={a.name}
              label={a.name}
              checked={r.reuse_pre_computed_artifacts.includes(a.name)}
              onChange={on =>
                this.set({
                  reuse_pre_computed_artifacts: toggled(
                    r.reuse_pre_computed_artifacts,
                    a.name,
                    on
                  )
                })
              }
            />
          ))}
        </fieldset>
        <Check
          label="Generate tests"
          checked={r.generate_test}
          onChange={on => this.set({ generate_test: on })}
        />
        <Check
          label="Overwrite the folder"
          checked={r.overwrite}
          onChange={on => this.set({ overwrite: on })}
        />
        {staleWarning(this.context.stale) && (
          <div
            className="jp-LineageSave-warning"
            role="alert"
            data-testid="lineage-export-stale"
          >
            {staleWarning(this.context.stale)}
          </div>
        )}
        {this.context.notice && (
          <div className="jp-LineageSave-hint">{this.context.notice}</div>
        )}
        {this.error && (
          <div
            className="jp-LineageSave-error"
            role="alert"
            data-testid="lineage-export-error"
          >
            {this.error}
          </div>
        )}
      </div>
    );
  }
}

export function initialRequest(
  artifacts: ArtifactJSON[],
  framework: string
): ExportRequest {
  const base = (artifacts[0]?.name ?? 'pipeline').replace(/[^\w-]+/g, '_');
  return {
    artifacts: artifacts.map(a => ({ name: a.name, version: a.version })),
    framework,
    pipeline_name: `${base}_pipeline`,
    output_dir: `pipelines/${base}_pipeline`,
    input_parameters: [],
    reuse_pre_computed_artifacts: [],
    generate_test: false,
    overwrite: false,
    pipeline_dag_config: {}
  };
}

/** Run the dialog until the export succeeds or the user cancels; errors re-open it. */
export async function exportDialog(
  request: ExportRequest,
  context: IExportContext,
  run: (request: ExportRequest) => Promise<ExportResponse>
): Promise<ExportResponse | null> {
  let error: string | null = null;
  for (;;) {
    const result = await showDialog({
      title: 'Export pipeline',
      body: new ExportBody(request, context, error),
      buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Export' })]
    });
    if (!result.button.accept || !result.value) {
      return null;
    }
    request = result.value;
    try {
      return await run(request);
    } catch (reason) {
      error = (reason as Error).message;
    }
  }
}
