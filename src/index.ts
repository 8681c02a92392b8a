/** Plugins of the lineage_ext frontend. Logic lives in the modules it imports. */
import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Clipboard, ICommandPalette, Notification } from '@jupyterlab/apputils';
import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import {
  exportPipeline,
  fetchFrameworks,
  fetchParameterCandidates
} from './api/client';
import type { ArtifactJSON } from './api/types';
import { ArtifactsModel } from './artifactsModel';
import { CommandIDs, confirmDelete, registerCommands } from './commands';
import type { IViewNode } from './graph/derive';
import { traceSession } from './kernelHook';
import { LineageModel } from './model';
import {
  goToCell,
  highlightCells,
  insertCodeCell,
  notebookByPath,
  openCodeAs,
  sliceCells
} from './notebook';
import { loadCode } from './widgets/ArtifactDetail';
import { guardRuns, markNotebook, StaleToolbarItem } from './notebookMarks';
import { storedNotebookPath } from './paths';
import {
  exportDialog,
  IExportContext,
  initialRequest
} from './widgets/ExportDialog';
import { artifactKey } from './widgets/format';
import { LineagePanel } from './widgets/LineagePanel';

const PLUGIN_ID = 'lineage-ext:plugin';

interface ISettingsState {
  traceNewKernels: boolean;
  exportFramework: string;
  settings: ISettingRegistry.ISettings | null;
}

function loadSettings(
  registry: ISettingRegistry | null,
  model: LineageModel,
  state: ISettingsState
): void {
  registry
    ?.load(PLUGIN_ID)
    .then(settings => {
      const update = (): void => {
        state.settings = settings;
        state.traceNewKernels = settings.get('traceNewKernels')
          .composite as boolean;
        state.exportFramework = settings.get('exportFramework')
          .composite as string;
        model.setOptions({
          showImports: settings.get('showImports').composite as boolean,
          collapseThreshold: settings.get('collapseThreshold')
            .composite as number
        });
      };
      update();
      settings.changed.connect(update);
    })
    .catch(reason => console.error('lineage_ext: settings not loaded', reason));
}

/** The notebook cell a node belongs to: its own, else that of the node that produced it. */
function cellIdOf(model: LineageModel, node: IViewNode): string | null {
  if (node.cellId) {
    return node.cellId;
  }
  for (const edge of model.index?.incoming.get(node.id) ?? []) {
    const source = model.index?.nodes.get(edge.source);
    if (source?.cell_id) {
      return source.cell_id;
    }
  }
  return null;
}

async function runExport(
  artifacts: ArtifactJSON[],
  state: ISettingsState,
  app: JupyterFrontEnd,
  staleKeys: Set<string>
): Promise<void> {
  const context: IExportContext = {
    frameworks: [],
    candidates: [],
    notice: null,
    stale: artifacts
      .filter(a => staleKeys.has(artifactKey(a)))
      .map(a => `${a.name} v${a.version}`)
  };
  const problems: string[] = [];
  await Promise.all([
    fetchFrameworks().then(
      r => (context.frameworks = r.frameworks),
      (e: Error) => problems.push(`Frameworks: ${e.message}`)
    ),
    fetchParameterCandidates(artifacts).then(
      r => (context.candidates = r.candidates),
      (e: Error) => problems.push(`Parameters: ${e.message}`)
    )
  ]);
  context.notice = problems.length ? problems.join(' · ') : null;
  const result = await exportDialog(
    initialRequest(artifacts, state.exportFramework),
    context,
    request =>
      exportPipeline(request).then(reply => {
        void state.settings?.set('exportFramework', request.framework);
        return reply;
      })
  );
  if (result) {
    await app.commands
      .execute('filebrowser:go-to-path', { path: result.output_dir })
      .catch(() => undefined);
    Notification.success(
      `Pipeline written to ${result.output_dir} (${result.files.length} files)`,
      {
        autoClose: 8000,
        actions: [
          {
            label: 'Open folder',
            callback: () =>
              void app.commands.execute('filebrowser:go-to-path', {
                path: result.output_dir
              })
          }
        ]
      }
    );
  }
}

function activate(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  labShell: ILabShell,
  palette: ICommandPalette | null,
  registry: ISettingRegistry | null,
  restorer: ILayoutRestorer | null,
  languages: IEditorLanguageRegistry | null
): void {
  const model = new LineageModel();
  const artifacts = new ArtifactsModel();
  const state: ISettingsState = {
    traceNewKernels: true,
    exportFramework: 'SCRIPT',
    settings: null
  };
  loadSettings(registry, model, state);

  const panel = new LineagePanel(model, artifacts, {
    activateNode: node => {
      const cellId = cellIdOf(model, node);
      const notebook = notebookByPath(tracker, model.path);
      if (cellId && notebook) {
        void goToCell(app, notebook, cellId).then(
          found => found && model.selectCell(cellId)
        );
      }
    },
    exportArtifacts: chosen =>
      void runExport(chosen, state, app, model.staleArtifacts),
    highlight: async (code, element) => {
      const python = languages?.findBest('python') ?? null;
      if (languages && python) {
        await languages.highlight(code, python, element);
      }
    },
    openCode: (detail, as) => {
      const base = `${detail.artifact.name}_v${detail.artifact.version}`;
      void openCodeAs(app, detail.code ?? '', base, as, model.path).catch(
        (e: Error) => Notification.error(e.message)
      );
    },
    copy: async text => Clipboard.copyToSystem(text),
    insertLoad: (name, version) => {
      const notebook =
        notebookByPath(tracker, model.path) ?? tracker.currentWidget;
      if (notebook) {
        insertCodeCell(app, notebook, loadCode(name, version));
      }
    },
    showInNotebook: detail => {
      const notebook = notebookByPath(tracker, model.path);
      const cells =
        model.index && detail.artifact.node_id
          ? sliceCells(model.index, detail.artifact.node_id)
          : [];
      if (!notebook || !cells.length) {
        Notification.info(
          'The cells of this slice are not in the notebook the panel follows.',
          { autoClose: 5000 }
        );
        return;
      }
      void highlightCells(app, notebook, cells);
    },
    openFile: path => void app.commands.execute('docmanager:open', { path }),
    onDelete: (name, version) =>
      void confirmDelete(name, version).then(ok =>
        ok
          ? artifacts.remove(name, version).then(
              () => model.refresh(),
              (e: Error) => Notification.error(e.message)
            )
          : undefined
      )
  });
  labShell.add(panel, 'left', { rank: 600 });
  restorer?.add(panel, 'lineage-ext-panel');

  const follow = (): void => {
    const context = tracker.currentWidget?.sessionContext;
    const path = context?.path ?? null;
    const kernelId = context?.session?.kernel?.id ?? null;
    model.setNotebook(
      path,
      kernelId,
      path === null ? null : storedNotebookPath(path)
    );
    artifacts.setNotebookPath(path);
  };
  tracker.currentChanged.connect(follow);
  const marks = new WeakMap<object, StaleToolbarItem>();
  tracker.widgetAdded.connect((_, notebookPanel) => {
    marks.set(notebookPanel, markNotebook(model, notebookPanel));
    const hook = traceSession(
      notebookPanel.sessionContext,
      () => state.traceNewKernels,
      (kernelId, message, sentAt) => model.receive(kernelId, message, sentAt)
    );
    NotebookActions.executionScheduled.connect((_, { notebook }) => {
      if (notebook === notebookPanel.content) {
        hook.beforeRun();
        if (notebookPanel.sessionContext.path === model.path) {
          model.executionStarted();
        }
      }
    });
    notebookPanel.sessionContext.propertyChanged.connect(
      (_, property) => property === 'path' && follow()
    );
    // a notebook followed before its kernel started is followed by kernel id once it has one:
    // the push channel only reaches a model that knows the kernel (else every cell reads REST)
    notebookPanel.sessionContext.kernelChanged.connect(
      () => tracker.currentWidget === notebookPanel && follow()
    );
  });
  tracker.activeCellChanged.connect((_, cell) => {
    if (tracker.currentWidget?.sessionContext.path === model.path) {
      model.selectCell(cell?.model.id ?? null);
    }
  });
  NotebookActions.executed.connect((_, { notebook }) => {
    const executedIn = tracker.find(p => p.content === notebook);
    if (executedIn && executedIn.sessionContext.path === model.path) {
      // without a push channel the graph is read once; the browser follows it
      void model
        .executed()
        .then(changed => (changed ? artifacts.refresh() : undefined));
    }
  });
  // a pushed change set that saved or loaded artifacts: the browser follows the store
  model.pushed.connect((_, changes) => {
    if (changes.nodes.some(n => n.kind === 'artifact')) {
      void artifacts.refresh();
    }
  });
  follow();
  void artifacts.refresh();
  // single-cell runs of a cell that changed a value in place ask first (not "run all")
  guardRuns(model, tracker);

  registerCommands({ app, tracker, model, artifacts }, panel.id);
  app.commands.addCommand('lineage:run-stale-dependents', {
    label: 'Run Stale Dependents',
    caption:
      'Re-run exactly the stale cells, in dependency order, stopping at the first error',
    execute: () => {
      const item = tracker.currentWidget && marks.get(tracker.currentWidget);
      return item ? item.runStale() : false;
    }
  });
  app.commands.addCommand('lineage:rerun-from-upstream', {
    label: 'Re-run from Upstream',
    caption:
      'Re-run the cell that produced the value this cell changed in place, then this cell',
    execute: () => {
      const item = tracker.currentWidget && marks.get(tracker.currentWidget);
      return item ? item.rerunUpstream() : false;
    }
  });
  if (palette) {
    const category = 'Lineage';
    palette.addItem({ command: CommandIDs.openPanel, category });
    palette.addItem({ command: CommandIDs.saveArtifact, category });
    palette.addItem({ command: CommandIDs.showAll, category });
    palette.addItem({ command: 'lineage:run-stale-dependents', category });
    palette.addItem({ command: 'lineage:rerun-from-upstream', category });
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Lineage graph, artifacts and pipeline export for notebooks.',
  autoStart: true,
  requires: [INotebookTracker, ILabShell],
  optional: [
    ICommandPalette,
    ISettingRegistry,
    ILayoutRestorer,
    IEditorLanguageRegistry
  ],
  activate
};

export default plugin;
