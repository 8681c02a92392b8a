/**
 * A hook before a single cell runs. JupyterLab 4 has no "before execution" signal
 * (`executionScheduled` fires once the cell is already sent), and every single-cell run --
 * the run commands, their keys, the toolbar button, the menus -- goes through one of three
 * `NotebookActions`: `run`, `runAndAdvance`, `runAndInsert`. This module wraps those three
 * in place so a guard can ask first: run as asked, run some cells before, or run nothing.
 * Multi-cell runs (run all, above, below: `runAll`, `runCells`...) are left alone on purpose,
 * so a run of many cells never stops at a modal per cell. What to ask is the caller's.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import type { Notebook } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';

/** The shape of the three wrapped actions (their further arguments pass through untouched). */
export type RunAction = (
  notebook: Notebook,
  sessionContext?: ISessionContext,
  ...rest: unknown[]
) => Promise<boolean>;

export const GUARDED_ACTIONS = [
  'run',
  'runAndAdvance',
  'runAndInsert'
] as const;

export type GuardChoice = 'upstream' | 'run' | 'cancel';

export interface IRunGuard<P> {
  /** What to ask about before this notebook runs its selection; null runs it unasked. */
  plan(notebook: Notebook): P | null;
  ask(plan: P): Promise<GuardChoice>;
  /** For "upstream": run what must run first and make the asked-for cell active again. */
  runFirst(
    notebook: Notebook,
    sessionContext: ISessionContext,
    plan: P
  ): Promise<boolean>;
}

type Actions = Record<string, unknown>;

const originals = new WeakMap<Actions, Map<string, RunAction>>();

/** The action as it was before the guard wrapped it (runs that were already decided use it). */
export function unguarded(actions: Actions, name: string): RunAction {
  return originals.get(actions)?.get(name) ?? (actions[name] as RunAction);
}

/** The guard's plan; a guard that fails never stops a run. */
function planOrNull<P>(guard: IRunGuard<P>, notebook: Notebook): P | null {
  try {
    return guard.plan(notebook);
  } catch (reason) {
    console.error('lineage_ext: the in-place run guard failed', reason);
    return null;
  }
}

/** One action, asked about first when the guard has a plan; otherwise the very same call. */
export function guardAction<P>(
  original: RunAction,
  guard: IRunGuard<P>
): RunAction {
  return (notebook, sessionContext, ...rest) => {
    const plan = sessionContext ? planOrNull(guard, notebook) : null;
    if (!plan || !sessionContext) {
      return original(notebook, sessionContext, ...rest);
    }
    return (async () => {
      const choice = await guard.ask(plan);
      if (choice === 'cancel') {
        return false;
      }
      if (
        choice === 'upstream' &&
        !(await guard.runFirst(notebook, sessionContext, plan))
      ) {
        return false;
      }
      return original(notebook, sessionContext, ...rest);
    })();
  };
}

/** Wrap the single-cell run actions of `actions` (NotebookActions); dispose to unwrap. */
export function installRunGuard<P>(
  actions: Actions,
  guard: IRunGuard<P>
): IDisposable {
  const saved = new Map<string, RunAction>();
  const wrappers = new Map<string, RunAction>();
  for (const name of GUARDED_ACTIONS) {
    const original = actions[name];
    if (typeof original !== 'function') {
      continue;
    }
    const wrapper = guardAction(original as RunAction, guard);
    saved.set(name, original as RunAction);
    wrappers.set(name, wrapper);
    actions[name] = wrapper;
  }
  originals.set(actions, saved);
  let disposed = false;
  return {
    get isDisposed() {
      return disposed;
    },
    dispose() {
      if (disposed) {
        return;
      }
      disposed = true;
      for (const [name, original] of saved) {
        // only undo our own wrapping: another wrapper on top keeps its place
        if (actions[name] === wrappers.get(name)) {
          actions[name] = original;
        }
      }
      originals.delete(actions);
    }
  };
}
