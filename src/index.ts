/** Plugins of the lineage_ext frontend. Logic lives in the modules it imports. */
import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, showDialog, Dialog } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { CommandIDs } from './commands';
import { lineageIcon } from './icons';
import { traceSession } from './kernelHook';
import { LineagePanel } from './widgets/LineagePanel';

const PLUGIN_ID = 'lineage-ext:plugin';

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Lineage graph, artifacts and pipeline export for notebooks.',
  autoStart: true,
  requires: [INotebookTracker, ILabShell],
  optional: [ICommandPalette, ISettingRegistry, ILayoutRestorer],
  activate: (
    app: JupyterFrontEnd,
    notebooks: INotebookTracker,
    labShell: ILabShell,
    palette: ICommandPalette | null,
    settingRegistry: ISettingRegistry | null,
    restorer: ILayoutRestorer | null
  ) => {
    let traceNewKernels = true;
    if (settingRegistry) {
      settingRegistry
        .load(PLUGIN_ID)
        .then(settings => {
          const update = (): void => {
            traceNewKernels = settings.get('traceNewKernels')
              .composite as boolean;
          };
          update();
          settings.changed.connect(update);
        })
        .catch(reason =>
          console.error('lineage_ext: settings not loaded', reason)
        );
    }

    const panel = new LineagePanel();
    labShell.add(panel, 'left', { rank: 600 });
    restorer?.add(panel, 'lineage-ext-panel');

    notebooks.widgetAdded.connect((_, notebookPanel) => {
      traceSession(notebookPanel.sessionContext, () => traceNewKernels);
    });

    app.commands.addCommand(CommandIDs.openPanel, {
      label: 'Show Lineage Panel',
      caption: 'Open the lineage graph and artifact browser',
      icon: lineageIcon,
      execute: () => labShell.activateById(panel.id)
    });

    app.commands.addCommand(CommandIDs.saveArtifact, {
      label: 'Save artifact…',
      caption: 'Save a value defined by this cell as a versioned artifact',
      icon: lineageIcon,
      isEnabled: () => notebooks.activeCell?.model.type === 'code',
      execute: async () => {
        await showDialog({
          title: 'Save artifact',
          body:
            'Saving from the cell menu arrives with the artifact store. ' +
            'Until then, use lineage_ext.save(value, "name") in a cell.',
          buttons: [Dialog.okButton()]
        });
      }
    });

    if (palette) {
      const category = 'Lineage';
      palette.addItem({ command: CommandIDs.openPanel, category });
      palette.addItem({ command: CommandIDs.saveArtifact, category });
    }
  }
};

export default plugin;
