/**
 * The call trace open in the panel: which trace (and which graph node showed it), whether
 * it is loading, loaded or failed, with one `changed` signal. Fetches through the API
 * client only; knows nothing about React or the DOM.
 */
import { ISignal, Signal } from '@lumino/signaling';

import { fetchTrace } from './api/client';
import { LineageAPIError } from './api/request';
import type { TraceResultJSON } from './api/types';

export type TraceStatus = 'loading' | 'ready' | 'error';

export interface ITraceState {
  traceId: string;
  /** the graph node the trace was opened from */
  nodeId: string;
  status: TraceStatus;
  trace: TraceResultJSON | null;
  error: string | null;
}

export const MISSING_TRACE = 'This trace is no longer in the store.';

/** The message to show for a failed fetch: a missing trace is said plainly. */
export function traceErrorMessage(reason: unknown): string {
  if (reason instanceof LineageAPIError && reason.status === 404) {
    return MISSING_TRACE;
  }
  return reason instanceof Error ? reason.message : String(reason);
}

export class TraceModel {
  constructor(fetch: typeof fetchTrace = fetchTrace) {
    this._fetch = fetch;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }
  /** The open trace, or null when none is open. */
  get state(): ITraceState | null {
    return this._state;
  }

  /** Open a trace: loading at once, then loaded or failed (a later open wins). */
  async open(traceId: string, nodeId: string): Promise<void> {
    const ticket = ++this._ticket;
    this._state = {
      traceId,
      nodeId,
      status: 'loading',
      trace: null,
      error: null
    };
    this._changed.emit();
    let next: Partial<ITraceState>;
    try {
      const reply = await this._fetch(traceId);
      next = { status: 'ready', trace: reply.trace };
    } catch (reason) {
      next = { status: 'error', error: traceErrorMessage(reason) };
    }
    if (ticket === this._ticket && this._state) {
      this._state = { ...this._state, ...next };
      this._changed.emit();
    }
  }

  close(): void {
    this._ticket++;
    if (this._state) {
      this._state = null;
      this._changed.emit();
    }
  }

  private _fetch: typeof fetchTrace;
  private _changed = new Signal<this, void>(this);
  private _state: ITraceState | null = null;
  private _ticket = 0;
}
