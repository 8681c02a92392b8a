/**
 * The "Save artifact" dialog body: the variables the cell defines (the last one
 * preselected) or a free variable name when none is known, and the artifact name,
 * validated as the store validates it; the Save button is disabled while invalid.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import React, { useState } from 'react';

import { artifactNameError, isPythonIdentifier } from '../names';
import { advisedBackend } from './warnings';

export interface ISaveChoice {
  variable: string;
  name: string;
  /** a serializer the user opted in to after the store advised it (e.g. "pickle") */
  storageBackend?: string;
}

function variableError(variable: string): string | null {
  return isPythonIdentifier(variable)
    ? null
    : 'Choose a variable (a Python name).';
}

function SaveForm(props: {
  variables: string[];
  initial: ISaveChoice;
  error: string | null;
  onChange: (choice: ISaveChoice) => void;
}): JSX.Element {
  const [choice, setChoice] = useState(props.initial);
  const [touched, setTouched] = useState(false);
  const update = (next: ISaveChoice, nameEdited: boolean): void => {
    setTouched(touched || nameEdited);
    setChoice(next);
    props.onChange(next);
  };
  const nameError = artifactNameError(choice.name);
  const advised = advisedBackend(props.error);
  return (
    <div className="jp-LineageSave">
      <label htmlFor="lineage-save-variable">Variable</label>
      {props.variables.length ? (
        <select
          id="lineage-save-variable"
          className="jp-mod-styled"
          value={choice.variable}
          onChange={e =>
            update(
              {
                variable: e.target.value,
                name: touched ? choice.name : e.target.value
              },
              false
            )
          }
        >
          {props.variables.map(v => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      ) : (
        <input
          id="lineage-save-variable"
          className="jp-mod-styled"
          value={choice.variable}
          placeholder="variable name"
          onChange={e =>
            update(
              {
                variable: e.target.value,
                name: touched ? choice.name : e.target.value
              },
              false
            )
          }
        />
      )}
      <label htmlFor="lineage-save-name">Artifact name</label>
      <input
        id="lineage-save-name"
        className="jp-mod-styled"
        value={choice.name}
        aria-invalid={nameError !== null}
        aria-describedby="lineage-save-hint"
        onChange={e => update({ ...choice, name: e.target.value }, true)}
      />
      <div
        id="lineage-save-hint"
        className={nameError ? 'jp-LineageSave-error' : 'jp-LineageSave-hint'}
        role="status"
      >
        {nameError ??
          (props.error ? '' : 'Saved as the next version of this name.')}
      </div>
      {props.error && (
        <div className="jp-LineageSave-error" role="alert">
          <b>Not saved.</b> {props.error}
        </div>
      )}
      {advised && (
        <label className="jp-LineageSave-option">
          <input
            type="checkbox"
            checked={choice.storageBackend === advised}
            onChange={e =>
              update(
                {
                  ...choice,
                  storageBackend: e.target.checked ? advised : undefined
                },
                false
              )
            }
          />
          Save with <code>{advised}</code> (runs code when loaded: load it only
          where you trust this store)
        </label>
      )}
    </div>
  );
}

class SaveBody extends ReactWidget implements Dialog.IBodyWidget<ISaveChoice> {
  constructor(
    private variables: string[],
    private choice: ISaveChoice,
    private error: string | null
  ) {
    super();
  }
  getValue(): ISaveChoice {
    return this.choice;
  }
  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this.syncButton();
  }
  private syncButton(): void {
    const accept = this.node
      .closest('.jp-Dialog-content')
      ?.querySelector<HTMLButtonElement>('.jp-mod-accept');
    if (accept) {
      accept.disabled =
        artifactNameError(this.choice.name) !== null ||
        variableError(this.choice.variable) !== null;
    }
  }
  protected render(): JSX.Element {
    return (
      <SaveForm
        variables={this.variables}
        initial={this.choice}
        error={this.error}
        onChange={choice => {
          this.choice = choice;
          this.syncButton();
        }}
      />
    );
  }
}

/**
 * Ask for a variable and a name, then call `save`; on failure the dialog opens again
 * with the error and the user's input. Resolves to the saved choice, or null if cancelled.
 */
export async function saveArtifactDialog(
  variables: string[],
  save: (choice: ISaveChoice) => Promise<void>
): Promise<ISaveChoice | null> {
  const last = variables[variables.length - 1] ?? '';
  let choice: ISaveChoice = { variable: last, name: last };
  let error: string | null = null;
  for (;;) {
    const result = await showDialog({
      title: 'Save artifact',
      body: new SaveBody(variables, choice, error),
      buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Save' })],
      focusNodeSelector: '#lineage-save-name'
    });
    if (!result.button.accept || !result.value) {
      return null;
    }
    choice = result.value;
    try {
      await save(choice);
      return choice;
    } catch (reason) {
      error = (reason as Error).message;
    }
  }
}
