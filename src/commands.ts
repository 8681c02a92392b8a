/**
 * Command ids and the commands of the panel: save an artifact (cell menu, shortcut, graph
 * node menu), go to a node's cell, focus upstream/downstream, export. Lumino glue only:
 * the logic lives in the models, notebook.ts and the dialogs.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';

import { fetchGraph } from './api/client';
import type { ArtifactsModel } from './artifactsModel';
import { indexGraph, traceOwner, variablesOfCell } from './graph/index';
import { lineageIcon } from './icons';
import type { LineageModel } from './model';
import { goToCell, notebookByPath, saveInKernel } from './notebook';
import { saveArtifactDialog } from './widgets/SaveDialog';

export namespace CommandIDs {
  export const openPanel = 'lineage:open-panel';
  export const saveArtifact = 'lineage:save-artifact';
  export const goToCell = 'lineage:go-to-cell';
  export const focusUpstream = 'lineage:focus-upstream';
  export const focusDownstream = 'lineage:focus-downstream';
  export const showAll = 'lineage:show-all';
}

export interface ICommandContext {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  model: LineageModel;
  artifacts: ArtifactsModel;
}

/** The graph node under the last right-click, if the menu was opened on the graph. */
function nodeUnderMenu(
  app: JupyterFrontEnd,
  model: LineageModel
): string | null {
  const onGraph = app.contextMenuHitTest(node =>
    node.classList.contains('jp-LineageGraph')
  );
  return onGraph ? model.menuNodeId : null;
}

/** Variables offered for a save: those of the node (a variable or a cell) or of the active cell. */
async function saveTarget(
  ctx: ICommandContext,
  nodeId: string | null,
  fromMenu: boolean
): Promise<{ path: string; variables: string[] } | null> {
  const { model, tracker } = ctx;
  if (nodeId && model.path && model.index) {
    const node = model.index.nodes.get(nodeId);
    const members = model.view.nodes.find(n => n.id === nodeId)?.members ?? [];
    const names = members
      .map(id => model.index!.nodes.get(id))
      .filter(n => n?.kind === 'variable' && n.name && !n.deleted)
      .map(n => n!.name!);
    if (node?.kind === 'variable' && node.name) {
      return { path: model.path, variables: [node.name] };
    }
    return { path: model.path, variables: [...new Set(names)] };
  }
  const panel = tracker.currentWidget;
  // from the menu: the cell right-clicked (the menu does not always make it the active one);
  // from the keyboard: the active cell (the hit test remembers the last right-click forever)
  const clicked = fromMenu
    ? ctx.app.contextMenuHitTest(node => node.classList.contains('jp-Cell'))
    : undefined;
  const cell =
    panel?.content.widgets.find(c => c.node === clicked) ?? tracker.activeCell;
  if (!panel || !cell) {
    return null;
  }
  const path = panel.sessionContext.path;
  let index = model.path === path ? model.index : null;
  if (!index) {
    const reply = await fetchGraph({ path }).catch(() => null);
    index = reply?.graph ? indexGraph(reply.graph) : null;
  }
  return {
    path,
    variables: index ? variablesOfCell(index, cell.model.id) : []
  };
}

async function saveArtifact(
  ctx: ICommandContext,
  nodeId: string | null,
  fromMenu: boolean
): Promise<void> {
  const target = await saveTarget(ctx, nodeId, fromMenu);
  const panel = target ? notebookByPath(ctx.tracker, target.path) : null;
  if (!target || !panel) {
    await showErrorMessage(
      'Save artifact',
      'Open the notebook whose value you want to save.'
    );
    return;
  }
  const saved = await saveArtifactDialog(target.variables, choice =>
    saveInKernel(panel, choice.variable, choice.name, choice.storageBackend)
  );
  if (saved) {
    void ctx.artifacts.refresh();
    if (ctx.model.path === target.path) {
      void ctx.model.executed();
    }
  }
}

export function registerCommands(ctx: ICommandContext, panelId: string): void {
  const { app, model, tracker } = ctx;
  // only a context menu (args.fromMenu, see schema/plugin.json) acts on what was right-clicked
  const menuNode = (args: Record<string, unknown>): string | null =>
    typeof args.nodeId === 'string'
      ? args.nodeId
      : args.fromMenu
        ? nodeUnderMenu(app, model)
        : null;

  app.commands.addCommand(CommandIDs.openPanel, {
    label: 'Show Lineage Panel',
    caption: 'Open the lineage graph and artifact browser',
    icon: lineageIcon,
    execute: () => app.shell.activateById(panelId)
  });
  app.commands.addCommand(CommandIDs.saveArtifact, {
    label: 'Save artifact…',
    caption: 'Save a value defined by this cell as a versioned artifact',
    icon: lineageIcon,
    isEnabled: args =>
      menuNode(args) !== null || tracker.activeCell?.model.type === 'code',
    execute: args => saveArtifact(ctx, menuNode(args), Boolean(args.fromMenu))
  });
  // a call trace has no cell of its own: it goes to the cell of the statement that ran it
  const cellOf = (nodeId: string | null): string | null | undefined => {
    const node = model.index?.nodes.get(nodeId ?? '');
    return node?.kind === 'trace'
      ? traceOwner(model.index!, node.id)?.cell_id
      : node?.cell_id;
  };
  app.commands.addCommand(CommandIDs.goToCell, {
    label: 'Go to Cell',
    isEnabled: args => Boolean(cellOf(menuNode(args))),
    execute: async args => {
      const cellId = cellOf(menuNode(args));
      const panel = notebookByPath(tracker, model.path);
      if (cellId && panel) {
        await goToCell(app, panel, cellId);
      }
    }
  });
  for (const direction of ['upstream', 'downstream'] as const) {
    const id =
      direction === 'upstream'
        ? CommandIDs.focusUpstream
        : CommandIDs.focusDownstream;
    app.commands.addCommand(id, {
      label:
        direction === 'upstream'
          ? 'Show Upstream of This'
          : 'Show Downstream of This',
      execute: args => {
        const nodeId = menuNode(args);
        if (nodeId) {
          model.setOptions({ focus: { id: nodeId, direction } });
        }
      }
    });
  }
  app.commands.addCommand(CommandIDs.showAll, {
    label: 'Show Whole Graph',
    isEnabled: () => model.options.focus !== null,
    execute: () => model.setOptions({ focus: null })
  });
}

/** Ask before deleting; true when the user confirmed. */
export async function confirmDelete(
  name: string,
  version: number | 'all'
): Promise<boolean> {
  const what =
    version === 'all'
      ? `all versions of "${name}"`
      : `version ${version} of "${name}"`;
  const result = await showDialog({
    title: 'Delete artifact',
    body: `Delete ${what}? This cannot be undone.`,
    buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Delete' })]
  });
  return result.button.accept;
}
