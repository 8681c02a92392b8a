/**
 * The graph's verdicts shown in the notebook itself: stale cells get a gutter marker, the
 * notebook toolbar counts them and runs them ("Run stale dependents": exactly the stale
 * cells, in dependency order, stopping at the first error), and a cell that would mutate
 * its own output again if re-run is marked, with "Re-run from upstream" offered instead --
 * in the toolbar, and before the cell runs again (runGuard.ts wraps the single-cell runs).
 */
import { Dialog, ISessionContext, showDialog } from '@jupyterlab/apputils';
import type { ICodeCellModel } from '@jupyterlab/cells';
import {
  INotebookTracker,
  Notebook,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';
import { Widget } from '@lumino/widgets';

import {
  inPlaceGuard,
  rerunFromUpstream,
  runOrder,
  staleCells
} from './graph/dependents';
import type { LineageModel } from './model';
import { GuardChoice, installRunGuard, unguarded } from './runGuard';

export const STALE_CLASS = 'jp-Lineage-staleCell';
export const GUARD_CLASS = 'jp-Lineage-inPlaceCell';
/** NotebookActions seen as the plain object it is, so its run actions can be wrapped. */
const ACTIONS = NotebookActions as unknown as Record<string, unknown>;

/** Run these cells (by model id) one after the other, unasked; false at the first that fails. */
export async function runCells(
  notebook: Notebook,
  context: ISessionContext,
  cellIds: string[]
): Promise<boolean> {
  for (const id of cellIds) {
    const index = notebook.widgets.findIndex(c => c.model.id === id);
    if (index < 0) {
      continue;
    }
    notebook.deselectAll();
    notebook.activeCellIndex = index;
    const ok = await unguarded(ACTIONS, 'run')(notebook, context);
    if (!ok) {
      return false;
    }
  }
  return true;
}

/** The stale cells of the followed notebook, in the order "Run stale dependents" runs them. */
export function staleRunOrder(
  model: LineageModel,
  notebook: Notebook
): string[] {
  const index = model.index;
  if (!index) {
    return [];
  }
  const order = notebook.widgets.map(c => c.model.id);
  return runOrder(index, model.stale, order);
}

/** The cells "Re-run from upstream" runs for the active cell, or null when it needs no guard. */
export function guardedRun(
  model: LineageModel,
  notebook: Notebook
): { name: string; cells: string[] } | null {
  const cell = notebook.activeCell;
  const guard =
    cell && model.index ? inPlaceGuard(model.index, cell.model.id) : null;
  if (!cell || !guard || !guard.upstreamCellId) {
    return null;
  }
  const order = notebook.widgets.map(c => c.model.id);
  return {
    name: guard.name,
    cells: rerunFromUpstream(order, guard.upstreamCellId, cell.model.id)
  };
}

/** The notebook toolbar item: "N stale" (runs them) and, for a guarded cell, "Re-run from upstream". */
export class StaleToolbarItem extends Widget {
  constructor(
    private model: LineageModel,
    private panel: NotebookPanel
  ) {
    super();
    this.addClass('jp-Lineage-staleToolbar');
    this._run.className = 'jp-ToolbarButtonComponent jp-Lineage-runStale';
    this._run.onclick = () => void this.runStale();
    this._guard.className =
      'jp-ToolbarButtonComponent jp-Lineage-rerunUpstream';
    this._guard.onclick = () => void this.rerunUpstream();
    this.node.append(this._run, this._guard);
    this.update();
  }

  async runStale(): Promise<boolean> {
    const cells = staleRunOrder(this.model, this.panel.content);
    return runCells(this.panel.content, this.panel.sessionContext, cells);
  }

  async rerunUpstream(): Promise<boolean> {
    const plan = guardedRun(this.model, this.panel.content);
    return plan
      ? runCells(this.panel.content, this.panel.sessionContext, plan.cells)
      : false;
  }

  /** Mark the cells and refresh the buttons (the followed notebook only). */
  refresh(): void {
    const followed = this.panel.sessionContext.path === this.model.path;
    const index = followed ? this.model.index : null;
    const stale = new Set(index ? staleCells(index, this.model.stale) : []);
    for (const cell of this.panel.content.widgets) {
      const id = cell.model.id;
      cell.toggleClass(STALE_CLASS, stale.has(id));
      const guard = index ? inPlaceGuard(index, id) : null;
      cell.toggleClass(GUARD_CLASS, guard !== null);
      cell.node.title = guard
        ? `This cell changed ${guard.name} in place; re-running it would work on its own output. Running it asks first; "Re-run from upstream" runs the cell that produced ${guard.name}, then this one.`
        : stale.has(id)
          ? 'Stale: a value this cell read has changed since it ran.'
          : '';
    }
    this._run.textContent = `▶ ${stale.size} stale`;
    this._run.title =
      'Run stale dependents: re-run exactly the stale cells, in dependency order';
    this._run.disabled = stale.size === 0;
    this._run.dataset.count = String(stale.size);
    const plan = followed ? guardedRun(this.model, this.panel.content) : null;
    this._guard.hidden = plan === null;
    this._guard.textContent = plan ? `Re-run from upstream (${plan.name})` : '';
    this._guard.title = plan
      ? `Re-run the cell that produced ${plan.name}, then this cell`
      : '';
  }

  private _run = document.createElement('button');
  private _guard = document.createElement('button');
}

/** Add the toolbar item to a notebook and keep its marks following the model. */
export function markNotebook(
  model: LineageModel,
  panel: NotebookPanel
): StaleToolbarItem {
  const item = new StaleToolbarItem(model, panel);
  panel.toolbar.insertItem(10, 'lineageStale', item);
  const refresh = (): void => item.refresh();
  model.changed.connect(refresh);
  panel.content.activeCellChanged.connect(refresh);
  panel.disposed.connect(() => {
    model.changed.disconnect(refresh);
  });
  item.refresh();
  return item;
}

/** Asked before a guarded cell runs again: the cell, its value and the cells to run first. */
export interface IGuardPlan {
  cellId: string;
  name: string;
  before: string[];
  /** the upstream cell's prompt as the notebook shows it, e.g. "[3]" */
  upstreamPrompt: string;
}

/** The question for a run of `panel`'s selection: only one guarded code cell is asked about. */
export function guardPlan(
  model: LineageModel,
  panel: NotebookPanel | undefined
): IGuardPlan | null {
  if (!panel || panel.sessionContext.path !== model.path) {
    return null;
  }
  const notebook = panel.content;
  const cell = notebook.activeCell;
  const selected = notebook.widgets.filter(c => notebook.isSelectedOrActive(c));
  const plan = guardedRun(model, notebook);
  if (!cell || selected.length !== 1 || !plan || plan.cells.length < 2) {
    return null;
  }
  const upstream = notebook.widgets.find(c => c.model.id === plan.cells[0]);
  const count =
    upstream?.model.type === 'code'
      ? (upstream.model as ICodeCellModel).executionCount
      : null;
  return {
    cellId: cell.model.id,
    name: plan.name,
    before: plan.cells.slice(0, -1),
    upstreamPrompt: `[${count ?? ' '}]`
  };
}

/** The dialog; Enter picks the safe answer, re-running from upstream. */
export async function askInPlace(plan: IGuardPlan): Promise<GuardChoice> {
  const upstream = `Re-run from upstream ${plan.upstreamPrompt}`;
  const result = await showDialog({
    title: `Re-run a cell that changed ${plan.name} in place?`,
    body:
      `This cell changed ${plan.name} in place when it last ran, so running it again works on ` +
      `its own output, not on the ${plan.name} it started from, and may fail or change it twice. ` +
      `Re-run from the upstream cell ${plan.upstreamPrompt} that produced ${plan.name}, then this cell?`,
    buttons: [
      Dialog.cancelButton(),
      Dialog.warnButton({ label: 'Run anyway' }),
      Dialog.okButton({ label: upstream })
    ]
  });
  const label = result.button.label;
  return label === upstream
    ? 'upstream'
    : label === 'Run anyway'
      ? 'run'
      : 'cancel';
}

/** Ask before a guarded cell runs again from any single-cell run (keys, toolbar, menus). */
export function guardRuns(
  model: LineageModel,
  tracker: INotebookTracker
): IDisposable {
  return installRunGuard<IGuardPlan>(ACTIONS, {
    plan: notebook =>
      guardPlan(
        model,
        tracker.find(p => p.content === notebook)
      ),
    ask: askInPlace,
    runFirst: async (notebook, context, plan) => {
      const ok = await runCells(notebook, context, plan.before);
      const index = notebook.widgets.findIndex(c => c.model.id === plan.cellId);
      if (ok && index >= 0) {
        notebook.deselectAll();
        notebook.activeCellIndex = index;
      }
      return ok && index >= 0;
    }
  });
}
