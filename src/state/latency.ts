/**
 * The panel's latency clock: graph-updated-after-reply for each execution of the followed
 * notebook (what the UI test reads) and, for a pushed change set, where its time went
 * (kernel send to receipt, receipt to drawn). Pure bookkeeping: it is told the moments.
 */

/** How long after its execute reply a cell's graph reached the screen (0: before the reply). */
export interface ILatency {
  revision: number;
  ms: number;
}

/** Where a pushed change set's time went: kernel send to panel receipt, receipt to drawn. */
export interface IPushTiming {
  revision: number;
  transitMs: number | null;
  renderMs: number;
}

export class LatencyClock {
  constructor(now: () => number) {
    this._now = now;
  }

  /** When the last execute reply of the followed notebook arrived. */
  get replyAt(): number | null {
    return this._replyAt;
  }
  get latency(): ILatency | null {
    return this._latency;
  }
  /** The timing of the last pushed change set that reached the screen. */
  get pushTiming(): IPushTiming | null {
    return this._pushTiming;
  }

  /** Another notebook is followed: its executions start a new record. */
  reset(): void {
    this._latency = null;
    this._received = null;
  }

  /** A cell of the followed notebook was scheduled to run. */
  started(): void {
    this._startAt = this._now();
  }

  /** Its execute reply arrived; true when its graph was drawn before (a latency of 0). */
  replied(): boolean {
    this._replyAt = this._now();
    if (this._renderedAt !== null && this._renderedAt >= this._startAt) {
      this._latency = { revision: this._renderedRevision ?? -1, ms: 0 };
      return true;
    }
    return false;
  }

  /** A pushed change set reaching `revision` arrived at `at` (sent by the kernel at `sentAt`, epoch ms). */
  received(revision: number, at: number, sentAt?: number): void {
    const transitMs = sentAt === undefined ? null : Date.now() - sentAt;
    this._received = { revision, at, transitMs };
  }

  /** The view drew `revision`: completes the latency of an execution already replied to. */
  rendered(revision: number | null): void {
    const now = this._now();
    this._renderedAt = now;
    this._renderedRevision = revision;
    if (
      revision !== null &&
      this._replyAt !== null &&
      this._replyAt >= this._startAt
    ) {
      this._latency = { revision, ms: Math.max(0, now - this._replyAt) };
    }
    const received = this._received;
    if (received && revision === received.revision) {
      const renderMs = now - received.at;
      this._pushTiming = { revision, transitMs: received.transitMs, renderMs };
      this._received = null;
    }
  }

  private _now: () => number;
  private _startAt = -Infinity;
  private _replyAt: number | null = null;
  private _renderedAt: number | null = null;
  private _renderedRevision: number | null = null;
  private _latency: ILatency | null = null;
  private _received: {
    revision: number;
    at: number;
    transitMs: number | null;
  } | null = null;
  private _pushTiming: IPushTiming | null = null;
}
