/**
 * The graph side of the panel: which notebook is followed (and its kernel), the selection,
 * and how its session graph arrives (REST reads, pushed change sets), with one `changed`
 * signal. The graph itself, the view and the latency clock are its parts (src/state/).
 * Views only read it and call its methods; it knows nothing about React or the DOM.
 */
import { ISignal, Signal } from '@lumino/signaling';

import { fetchGraph } from './api/client';
import type { GraphChangesJSON, GraphJSON } from './api/types';
import type { IViewGraph, IViewOptions } from './graph/derive';
import { IGraphIndex, nodesOfCell } from './graph/index';
import type { ILayout } from './layout';
import { pushIsLive, PushMessage } from './push';
import { ILatency, IPushTiming, LatencyClock } from './state/latency';
import { SessionGraph } from './state/sessionGraph';
import { ViewState } from './state/viewState';

export type { ILatency, IPushTiming } from './state/latency';

export interface IModelOptions {
  fetch?: typeof fetchGraph;
  now?: () => number;
  /** whether the kernel pushes its change sets (then an execute reply needs no fetch) */
  pushLive?: (kernelId: string | null) => boolean;
}

export class LineageModel {
  constructor(options: IModelOptions = {}) {
    this._fetch = options.fetch ?? fetchGraph;
    this._now = options.now ?? (() => performance.now());
    this._pushLive = options.pushLive ?? pushIsLive;
    this._clock = new LatencyClock(this._now);
    this._viewState = new ViewState(() => this._session);
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }
  get path(): string | null {
    return this._path;
  }
  get graph(): GraphJSON | null {
    return this._session.graph;
  }
  get index(): IGraphIndex | null {
    return this._session.index;
  }
  get revision(): number | null {
    return this._session.revision;
  }
  get error(): string | null {
    return this._error;
  }
  /** Ids of the stale nodes, as the server or the kernel computed them (ir/staleness.py). */
  get stale(): Set<string> {
    return this._session.stale;
  }
  get staleArtifacts(): Set<string> {
    return this._session.staleArtifacts;
  }
  get selectedCellId(): string | null {
    return this._selectedCell;
  }
  /** Graph node ids of the selected cell's latest run. */
  get highlighted(): Set<string> {
    return this._highlighted;
  }
  /** The graph node under the last right-click (SVG nodes escape JupyterLab's hit test). */
  menuNodeId: string | null = null;

  get options(): IViewOptions {
    return this._viewState.options;
  }
  get view(): IViewGraph {
    return this._viewState.view;
  }
  get layout(): ILayout {
    return this._viewState.layout;
  }
  /** The graph's on-screen size (set by the view); "auto" picks a level readable in it. */
  get viewport(): { width: number; height: number } | null {
    return this._viewState.viewport;
  }

  /** When the last execute reply of the followed notebook arrived (performance.now()). */
  get replyAt(): number | null {
    return this._clock.replyAt;
  }
  /** The graph-updated-after-reply time of the last execution (stamped by the view). */
  get latency(): ILatency | null {
    return this._clock.latency;
  }
  /** The timing of the last pushed change set that reached the screen. */
  get pushTiming(): IPushTiming | null {
    return this._clock.pushTiming;
  }

  /** Whether the followed kernel pushes its change sets to this panel. */
  get pushing(): boolean {
    return this._pushLive(this._kernelId);
  }

  /** Counts of pushed messages: applied in place, answered by a REST read, ignored (other kernel). */
  readonly pushStats = { applied: 0, caughtUp: 0, ignored: 0 };

  /** Change sets pushed by the kernel and applied in place (artifacts follow these). */
  get pushed(): ISignal<this, GraphChangesJSON> {
    return this._pushed;
  }

  setViewport(width: number, height: number): void {
    if (this._viewState.setViewport(width, height)) {
      this._changed.emit();
    }
  }

  /**
   * Follow another notebook (null: none) and its kernel; the old graph is dropped. The
   * kernel id finds the session; without a kernel, `storedPath` (the notebook path as the
   * kernel recorded it) does.
   */
  setNotebook(
    path: string | null,
    kernelId: string | null = null,
    storedPath: string | null = path
  ): void {
    if (path === this._path && kernelId === this._kernelId) {
      return;
    }
    this._path = path;
    this._kernelId = kernelId;
    this._storedPath = storedPath;
    this._session.follow(kernelId, storedPath);
    this._highlight();
    this._viewState.reset();
    this._clock.reset();
    this._error = null;
    this._changed.emit();
    void this.refresh();
  }

  setOptions(options: Partial<IViewOptions>): void {
    this._viewState.setOptions(options);
    this._changed.emit();
  }

  /** Forget the pinned positions: the next layout is a fresh one. */
  relayout(): void {
    this._viewState.relayout();
    this._changed.emit();
  }

  selectCell(cellId: string | null): void {
    this._selectedCell = cellId;
    this._highlight();
    this._changed.emit();
  }

  /** Fetch once; true when a new revision arrived. */
  async refresh(): Promise<boolean> {
    const path = this._path;
    const kernelId = this._kernelId;
    if (path === null) {
      return false;
    }
    try {
      const reply = await this._fetch(
        kernelId
          ? { kernelId, since: this.revision }
          : { path: this._storedPath, since: this.revision }
      );
      if (path !== this._path || kernelId !== this._kernelId) {
        return false;
      }
      this._error = null;
      if (this._session.adopt(reply)) {
        this._graphChanged();
        this._changed.emit();
        return true;
      }
    } catch (reason) {
      this._error = (reason as Error).message;
      this._changed.emit();
    }
    return false;
  }

  /** A cell of the followed notebook was scheduled to run. */
  executionStarted(): void {
    this._clock.started();
  }

  /**
   * A cell of the followed notebook got its execute reply. With a push channel its change
   * set came (or comes) over the comm; without one (tracer not loaded yet, an old kernel),
   * read the graph once over REST. True when a new revision arrived.
   */
  async executed(): Promise<boolean> {
    if (this._clock.replied()) {
      this._changed.emit(); // this execution's graph was on screen before its reply
    }
    if (this._pushLive(this._kernelId)) {
      return false;
    }
    return this.refresh();
  }

  /** The view drew `revision`: completes the latency of an execution already replied to. */
  rendered(revision: number | null): void {
    this._clock.rendered(revision);
  }

  /** A message of a kernel's push channel: apply a change set in place, or catch up over REST. */
  receive(kernelId: string, message: PushMessage, sentAt?: number): void {
    if (kernelId !== this._kernelId) {
      this.pushStats.ignored++;
      return;
    }
    const at = this._now();
    const outcome = this._session.receive(message);
    if (outcome === 'applied' || outcome === 'replaced') {
      if (message.type === 'changes') {
        this._clock.received(message.changes.revision, at, sentAt);
        this.pushStats.applied++;
      }
      this._graphChanged();
      this._changed.emit();
      if (message.type === 'changes') {
        this._pushed.emit(message.changes);
      }
    } else if (outcome !== 'none') {
      void this._catchUp(outcome === 'new-session');
    }
  }

  private async _catchUp(newSession: boolean): Promise<void> {
    this.pushStats.caughtUp++;
    if (newSession && this._session.graph) {
      this._session.set(null, null, []);
      this._graphChanged();
      this._changed.emit();
    }
    await this.refresh();
  }

  /** The session graph changed: the selection's nodes and the view follow it. */
  private _graphChanged(): void {
    this._highlight();
    this._viewState.invalidate();
  }

  private _highlight(): void {
    const index = this._session.index;
    this._highlighted =
      this._selectedCell && index
        ? nodesOfCell(index, this._selectedCell)
        : new Set();
  }

  private _fetch: typeof fetchGraph;
  private _now: () => number;
  private _pushLive: (kernelId: string | null) => boolean;
  private _clock: LatencyClock;
  private _session = new SessionGraph();
  private _viewState: ViewState;
  private _changed = new Signal<this, void>(this);
  private _pushed = new Signal<this, GraphChangesJSON>(this);
  private _path: string | null = null;
  private _kernelId: string | null = null;
  private _storedPath: string | null = null;
  private _selectedCell: string | null = null;
  private _highlighted = new Set<string>();
  private _error: string | null = null;
}
