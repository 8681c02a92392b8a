/**
 * Loads the tracer (`%load_ext lineage_ext`) into notebook Python kernels when they
 * start or restart, while the "trace new kernels" setting is on. The load request is
 * sent at most once per kernel start, and at the latest just before the first cell's
 * execute request (messages keep their order), so the first cell is traced too.
 */
import { ISessionContext } from '@jupyterlab/apputils';
import { Kernel } from '@jupyterlab/services';

/** Runs silently: no output, no history, no execution count; a kernel without lineage_ext is skipped. */
export const LOAD_TRACER_CODE = [
  'try:',
  "    get_ipython().extension_manager.load_extension('lineage_ext')",
  'except ModuleNotFoundError:',
  '    pass'
].join('\n');

/** Kernels that were sent the load request since they (re)started. */
const sent = new WeakMap<Kernel.IKernelConnection, Promise<boolean>>();

/** Send the load request now (once per kernel start); resolves to whether it succeeded. */
export function sendLoad(kernel: Kernel.IKernelConnection): Promise<boolean> {
  let pending = sent.get(kernel);
  if (!pending) {
    const future = kernel.requestExecute({
      code: LOAD_TRACER_CODE,
      silent: true,
      store_history: false,
      allow_stdin: false
    });
    pending = future.done.then(reply => reply.content.status === 'ok');
    sent.set(kernel, pending);
  }
  return pending;
}

export async function loadTracer(
  kernel: Kernel.IKernelConnection
): Promise<boolean> {
  const info = await kernel.info;
  if (info.language_info.name !== 'python') {
    return false;
  }
  return sendLoad(kernel);
}

/** Whether the notebook's kernel is known to be Python without asking it. */
function knownPython(context: ISessionContext): boolean {
  const name = context.session?.kernel?.name ?? '';
  return name.startsWith('python');
}

/** Follow one notebook's session: load the tracer on each new kernel and after each restart. */
export function traceSession(
  context: ISessionContext,
  enabled: () => boolean
): { beforeRun: () => void } {
  let restarting = false;
  const load = (): void => {
    const kernel = context.session?.kernel;
    if (kernel && enabled()) {
      loadTracer(kernel).catch(reason =>
        console.warn('lineage_ext: tracer not loaded', reason)
      );
    }
  };
  context.kernelChanged.connect((_, change) => {
    if (change.newValue) {
      void context.ready.then(load);
    }
  });
  context.statusChanged.connect((_, status) => {
    const kernel = context.session?.kernel;
    if (status === 'restarting' || status === 'autorestarting') {
      restarting = true;
      if (kernel) {
        sent.delete(kernel);
      }
    } else if (status === 'idle' && restarting) {
      restarting = false;
      load();
    }
  });
  void context.ready.then(load);
  return {
    beforeRun: () => {
      const kernel = context.session?.kernel;
      if (kernel && enabled() && !sent.has(kernel) && knownPython(context)) {
        void sendLoad(kernel).catch(() => false);
      }
    }
  };
}
