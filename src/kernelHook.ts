/**
 * Loads the tracer (`%load_ext lineage_ext`) into notebook Python kernels when they
 * start or restart, while the "trace new kernels" setting is on.
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

export async function loadTracer(
  kernel: Kernel.IKernelConnection
): Promise<boolean> {
  const info = await kernel.info;
  if (info.language_info.name !== 'python') {
    return false;
  }
  const future = kernel.requestExecute({
    code: LOAD_TRACER_CODE,
    silent: true,
    store_history: false,
    allow_stdin: false
  });
  const reply = await future.done;
  return reply.content.status === 'ok';
}

/** Follow one notebook's session: load the tracer on each new kernel and after each restart. */
export function traceSession(
  context: ISessionContext,
  enabled: () => boolean
): void {
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
    if (status === 'restarting' || status === 'autorestarting') {
      restarting = true;
    } else if (status === 'idle' && restarting) {
      restarting = false;
      load();
    }
  });
  void context.ready.then(load);
}
