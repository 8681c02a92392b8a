/** Notebook paths as the browser (API path) and the kernel (file system path) know them. */
import { PageConfig } from '@jupyterlab/coreutils';

/**
 * The notebook path as a kernel records it: jupyter_server sets JPY_SESSION_NAME to the
 * file's absolute path (the server root joined with the API path) when the root is known.
 */
export function storedNotebookPath(
  path: string,
  serverRoot = PageConfig.getOption('serverRoot')
): string {
  const root = serverRoot.replace(/[\\/]+$/, '');
  return root.startsWith('/') || /^[A-Za-z]:/.test(root)
    ? `${root}/${path}`
    : path;
}

/** Whether an artifact's recorded notebook path is this notebook (API path or absolute). */
export function isSameNotebook(recorded: string | null, path: string): boolean {
  return (
    recorded !== null &&
    (recorded === path ||
      recorded.endsWith(`/${path}`) ||
      recorded.endsWith(`\\${path}`))
  );
}
