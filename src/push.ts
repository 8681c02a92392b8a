/**
 * The push channel: a comm to the kernel's `lineage_ext.graph` target, on which the
 * tracer sends each cell's change set as the cell ends (see lineage_ext/kernel/push.py),
 * with the stale node ids of the graph it makes (the panel computes no staleness itself).
 * Opened once the tracer is loaded into a kernel, again after each restart; messages go
 * to one handler with the id of the kernel they came from.
 */
import type { Kernel } from '@jupyterlab/services';

import type { GraphChangesJSON, GraphJSON } from './api/types';

export const PUSH_TARGET = 'lineage_ext.graph';

export interface IPushHello {
  type: 'hello';
  session_id: string | null;
  revision: number | null;
  /** the kernel's whole session graph when the comm opened */
  graph?: GraphJSON | null;
  /** sorted ids of its stale nodes (ir/staleness.py), sent with the graph */
  stale?: string[];
}

export interface IPushChanges {
  type: 'changes';
  changes: GraphChangesJSON;
  /** sorted ids of the stale nodes of the graph after the change set */
  stale: string[];
}

export type PushMessage = IPushHello | IPushChanges;

/** `sentAt`: when the kernel sent the message (epoch ms, from its header), for the latency figures. */
export type PushHandler = (
  kernelId: string,
  message: PushMessage,
  sentAt?: number
) => void;

/** Kernels with an open push comm (the model falls back to one REST read without it). */
const live = new Set<string>();

export function pushIsLive(kernelId: string | null): boolean {
  return kernelId !== null && live.has(kernelId);
}

/** Open the comm on a kernel whose tracer is loaded; a closed comm marks the kernel not live. */
export function openPush(
  kernel: Kernel.IKernelConnection,
  handler: PushHandler
): Kernel.IComm | null {
  if (kernel.isDisposed) {
    return null;
  }
  const id = kernel.id;
  const comm = kernel.createComm(PUSH_TARGET);
  comm.onMsg = msg => {
    live.add(id);
    handler(
      id,
      msg.content.data as unknown as PushMessage,
      Date.parse(msg.header.date)
    );
  };
  comm.onClose = () => {
    live.delete(id);
  };
  kernel.disposed.connect(() => live.delete(id));
  void comm.open({});
  return comm;
}
