/**
 * Loads the tracer (`%load_ext lineage_ext`) into notebook Python kernels when they
 * start or restart, while the "trace new kernels" setting is on. The load request is
 * sent at most once per kernel start, and at the latest just before the first cell's
 * execute request (messages keep their order), so the first cell is traced too.
 */
import { ISessionContext } from '@jupyterlab/apputils';
import { Kernel } from '@jupyterlab/services';

import { openPush, PushHandler } from './push';

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

/** Kernels whose push comm is open (or being opened) since they (re)started. */
const pushing = new WeakSet<Kernel.IKernelConnection>();

/** Open the push comm on `kernel` unless it was opened since the kernel (re)started. */
function pushOnce(kernel: Kernel.IKernelConnection, onPush: PushHandler): void {
  if (!pushing.has(kernel)) {
    pushing.add(kernel);
    openPush(kernel, onPush);
  }
}

/** Once the tracer is loaded in `kernel`, open its push comm (if the first cell has not yet). */
function pushWhenLoaded(
  kernel: Kernel.IKernelConnection,
  loaded: Promise<boolean>,
  onPush: PushHandler | undefined
): void {
  if (onPush) {
    void loaded.then(
      ok => ok && pushOnce(kernel, onPush),
      () => undefined
    );
  }
}

/**
 * Follow one notebook's session: load the tracer on each new kernel and after each restart,
 * then open the push comm that brings each cell's graph changes to `onPush`.
 */
export function traceSession(
  context: ISessionContext,
  enabled: () => boolean,
  onPush?: PushHandler
): { beforeRun: () => void } {
  let restarting = false;
  const load = (): void => {
    const kernel = context.session?.kernel;
    if (kernel && enabled()) {
      const loaded = loadTracer(kernel);
      loaded.catch(reason =>
        console.warn('lineage_ext: tracer not loaded', reason)
      );
      pushWhenLoaded(kernel, loaded, onPush);
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
        pushing.delete(kernel);
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
      if (kernel && enabled() && knownPython(context)) {
        if (!sent.has(kernel)) {
          void sendLoad(kernel).catch(() => false);
        }
        // the shell channel keeps order: load, then comm open, then this cell's execute, so
        // the first cell's change set is pushed too (even while the load is still running)
        if (onPush) {
          pushOnce(kernel, onPush);
        }
      }
    }
  };
}
