/**
 * Glue between the panel and open notebooks: find a cell by its model id, scroll to and
 * select it, save a variable as an artifact through the notebook's kernel, and write
 * minimal code as a new notebook or script through the contents API.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { Contents } from '@jupyterlab/services';
import {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';

import { closure, IGraphIndex } from './graph/index';
import { isPythonIdentifier, pythonString } from './names';

export const SLICE_CLASS = 'jp-Lineage-sliceCell';

/** Notebook cell ids of the statements a value's slice is made of (its upstream). */
export function sliceCells(index: IGraphIndex, nodeId: string): string[] {
  const cells = new Set<string>();
  for (const id of closure(index, [nodeId], 'upstream')) {
    const node = index.nodes.get(id);
    if (node?.kind === 'statement' && node.cell_id) {
      cells.add(node.cell_id);
    }
  }
  return [...cells];
}

/** Mark these cells (and only these) as the slice's, and scroll to the first. */
export async function highlightCells(
  app: JupyterFrontEnd,
  panel: NotebookPanel,
  cellIds: string[]
): Promise<void> {
  const wanted = new Set(cellIds);
  for (const cell of panel.content.widgets) {
    cell.toggleClass(SLICE_CLASS, wanted.has(cell.model.id));
  }
  const first = panel.content.widgets.find(c => wanted.has(c.model.id));
  if (first) {
    await goToCell(app, panel, first.model.id);
  }
}

/** Add a code cell with `code` below the active cell and make it active. */
export function insertCodeCell(
  app: JupyterFrontEnd,
  panel: NotebookPanel,
  code: string
): void {
  app.shell.activateById(panel.id);
  NotebookActions.insertBelow(panel.content);
  panel.content.activeCell?.model.sharedModel.setSource(code);
}

export function notebookByPath(
  tracker: INotebookTracker,
  path: string | null
): NotebookPanel | null {
  if (path === null) {
    return null;
  }
  if (tracker.currentWidget?.sessionContext.path === path) {
    return tracker.currentWidget;
  }
  return tracker.find(panel => panel.sessionContext.path === path) ?? null;
}

/** Activate the notebook, select the cell with this model id and scroll it into view. */
export async function goToCell(
  app: JupyterFrontEnd,
  panel: NotebookPanel,
  cellId: string
): Promise<boolean> {
  const notebook = panel.content;
  const index = notebook.widgets.findIndex(cell => cell.model.id === cellId);
  if (index < 0) {
    return false;
  }
  app.shell.activateById(panel.id);
  notebook.deselectAll();
  notebook.activeCellIndex = index;
  notebook.mode = 'command';
  await notebook.scrollToCell(notebook.widgets[index], 'smart');
  return true;
}

/** The code that saves `variable` as `name` without binding any name in the user namespace. */
export function saveCode(
  variable: string,
  name: string,
  storageBackend?: string
): string {
  if (!isPythonIdentifier(variable)) {
    throw new Error(
      `${JSON.stringify(variable)} is not a Python variable name`
    );
  }
  const backend = storageBackend
    ? `, storage_backend=${pythonString(storageBackend)}`
    : '';
  return `__import__('lineage_ext').save(${variable}, ${pythonString(name)}${backend})`;
}

/** Save in the notebook's kernel, silently; rejects with the kernel's error message. */
export async function saveInKernel(
  panel: NotebookPanel,
  variable: string,
  name: string,
  storageBackend?: string
): Promise<void> {
  const kernel = panel.sessionContext.session?.kernel;
  if (!kernel) {
    throw new Error('The notebook has no running kernel.');
  }
  const future = kernel.requestExecute({
    code: saveCode(variable, name, storageBackend),
    silent: true,
    store_history: false,
    allow_stdin: false
  });
  const reply = await future.done;
  const content = reply.content;
  if (content.status === 'error') {
    throw new Error(`${content.ename}: ${content.evalue}`);
  }
  if (content.status !== 'ok') {
    throw new Error(`The kernel answered ${content.status}.`);
  }
}

/** A path in `dir` that does not exist yet: base.ext, base-1.ext, ... */
async function freePath(
  contents: Contents.IManager,
  dir: string,
  base: string,
  ext: string
): Promise<string> {
  for (let i = 0; ; i++) {
    const name = `${base}${i ? `-${i}` : ''}${ext}`;
    const path = dir ? `${dir}/${name}` : name;
    try {
      await contents.get(path, { content: false });
    } catch {
      return path;
    }
  }
}

export function codeNotebook(
  code: string,
  title: string
): Record<string, unknown> {
  const cell = (
    type: 'markdown' | 'code',
    source: string
  ): Record<string, unknown> => ({
    cell_type: type,
    metadata: {},
    source,
    ...(type === 'code' ? { outputs: [], execution_count: null } : {})
  });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      },
      language_info: { name: 'python' }
    },
    cells: [cell('markdown', `# ${title}`), cell('code', code)]
  };
}

/** Write the code next to `nearPath` (or in the root) and open it. */
export async function openCodeAs(
  app: JupyterFrontEnd,
  code: string,
  base: string,
  as: 'notebook' | 'script',
  nearPath: string | null
): Promise<string> {
  const contents = app.serviceManager.contents;
  const dir =
    nearPath && nearPath.includes('/')
      ? nearPath.slice(0, nearPath.lastIndexOf('/'))
      : '';
  const safeBase = base.replace(/[^\w.-]+/g, '_');
  const path = await freePath(
    contents,
    dir,
    safeBase,
    as === 'notebook' ? '.ipynb' : '.py'
  );
  await contents.save(path, {
    type: as === 'notebook' ? 'notebook' : 'file',
    format: as === 'notebook' ? 'json' : 'text',
    content:
      as === 'notebook' ? codeNotebook(code, `Minimal code of ${base}`) : code
  });
  await app.commands.execute('docmanager:open', { path });
  return path;
}
