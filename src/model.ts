/**
 * The graph side of the panel: which notebook is followed, its latest session graph,
 * the view options and the cell selection, with one `changed` signal. Views only read
 * it and call its methods; it knows nothing about React or the DOM.
 */
import { ISignal, Signal } from '@lumino/signaling';

import { fetchGraph } from './api/client';
import type { GraphChangesJSON, GraphJSON } from './api/types';
import {
  deriveView,
  DEFAULT_VIEW,
  IViewGraph,
  IViewOptions
} from './graph/derive';
import { IGraphIndex, indexGraph, nodesOfCell } from './graph/index';
import { staleArtifactKeys, staleNodes } from './graph/stale';
import { readableWhole } from './graph/readable';
import { applyChanges } from './graph/changes';
import { ILayout, stableLayout } from './layout';
import { pushIsLive, PushMessage } from './push';

export interface IModelOptions {
  fetch?: typeof fetchGraph;
  now?: () => number;
  /** whether the kernel pushes its change sets (then an execute reply needs no fetch) */
  pushLive?: (kernelId: string | null) => boolean;
}

/** How long after its execute reply a cell's graph reached the screen (0: before the reply). */
export interface ILatency {
  revision: number;
  ms: number;
}

export class LineageModel {
  constructor(options: IModelOptions = {}) {
    this._fetch = options.fetch ?? fetchGraph;
    this._now = options.now ?? (() => performance.now());
    this._pushLive = options.pushLive ?? pushIsLive;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }
  get path(): string | null {
    return this._path;
  }
  get graph(): GraphJSON | null {
    return this._graph;
  }
  get index(): IGraphIndex | null {
    return this._index;
  }
  get revision(): number | null {
    return this._revision;
  }
  get options(): IViewOptions {
    return this._options;
  }
  get error(): string | null {
    return this._error;
  }
  get stale(): Set<string> {
    return this._stale;
  }
  get staleArtifacts(): Set<string> {
    return this._index
      ? staleArtifactKeys(this._index, this._stale)
      : new Set();
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

  /** When the last execute reply of the followed notebook arrived (performance.now()). */
  get replyAt(): number | null {
    return this._replyAt;
  }

  /** The graph-updated-after-reply time of the last execution (stamped by the view). */
  get latency(): ILatency | null {
    return this._latency;
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

  get view(): IViewGraph {
    if (!this._view) {
      this._view = this._index
        ? this._autoView(this._index)
        : { nodes: [], edges: [], collapsed: false };
    }
    return this._view;
  }

  /** The graph's on-screen size (set by the view); "auto" picks a level readable in it. */
  get viewport(): { width: number; height: number } | null {
    return this._viewport;
  }

  setViewport(width: number, height: number): void {
    const old = this._viewport;
    if (old && old.width === width && old.height === height) {
      return;
    }
    this._viewport = width > 0 && height > 0 ? { width, height } : null;
    this._autoCells = false;
    if (this._options.mode === 'auto' && this._index) {
      const before = this.view.collapsed;
      this._view = null;
      if (this.view.collapsed !== before) {
        this._layout = null;
      }
    }
    this._changed.emit();
  }

  /**
   * The view the options ask for; in "auto", the cells view whenever the variables view
   * would not fit the viewport with readable labels (and the cells view is smaller).
   */
  private _autoView(index: IGraphIndex): IViewGraph {
    const view = deriveView(index, this._options, this._stale);
    const size = this._viewport;
    if (this._options.mode !== 'auto' || view.collapsed || !size) {
      return view;
    }
    // once unreadable, a growing graph stays so: skip the trial layout (options and size reset it)
    if (!this._autoCells) {
      const previous = this._layoutKey.startsWith('false|')
        ? this._previousLayout
        : null;
      if (
        readableWhole(stableLayout(view, previous), size.width, size.height)
      ) {
        return view;
      }
    }
    this._autoCells = true;
    const cells = deriveView(
      index,
      { ...this._options, mode: 'cells' },
      this._stale
    );
    return cells.nodes.length < view.nodes.length ? cells : view;
  }

  get layout(): ILayout {
    if (!this._layout) {
      const view = this.view;
      const key = `${view.collapsed}|${this._options.filter}|${JSON.stringify(this._options.focus)}|${this._options.showImports}|${this._options.showSuperseded}`;
      const previous = key === this._layoutKey ? this._previousLayout : null;
      this._layout = stableLayout(view, previous);
      this._layoutKey = key;
      this._previousLayout = this._layout;
    }
    return this._layout;
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
    this._setGraph(null, null);
    this._previousLayout = null;
    this._autoCells = false;
    this._pushBase = null;
    this._latency = null;
    this._error = null;
    this._changed.emit();
    void this.refresh();
  }

  setOptions(options: Partial<IViewOptions>): void {
    this._options = { ...this._options, ...options };
    this._autoCells = false;
    this._invalidate();
  }

  /** Forget the pinned positions: the next layout is a fresh one. */
  relayout(): void {
    this._previousLayout = null;
    this._invalidate();
  }

  selectCell(cellId: string | null): void {
    this._selectedCell = cellId;
    this._highlighted =
      cellId && this._index ? nodesOfCell(this._index, cellId) : new Set();
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
          ? { kernelId, since: this._revision }
          : { path: this._storedPath, since: this._revision }
      );
      if (path !== this._path || kernelId !== this._kernelId) {
        return false;
      }
      this._error = null;
      const current = this._graph;
      const older =
        current !== null &&
        reply.graph !== null &&
        reply.graph.session_id === current.session_id &&
        reply.revision <= current.revision;
      if (reply.changed && !older) {
        // the store may lag the pushed change sets: never go back to an older revision
        this._setGraph(reply.graph, reply.graph ? reply.revision : null);
        this._invalidate();
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
    this._startAt = this._now();
  }

  /**
   * A cell of the followed notebook got its execute reply. With a push channel its change
   * set came (or comes) over the comm; without one (tracer not loaded yet, an old kernel),
   * read the graph once over REST. True when a new revision arrived.
   */
  async executed(): Promise<boolean> {
    this._replyAt = this._now();
    if (this._renderedAt !== null && this._renderedAt >= this._startAt) {
      // this execution's graph was on screen before its reply
      this._latency = { revision: this._renderedRevision ?? -1, ms: 0 };
      this._changed.emit();
    }
    if (this._pushLive(this._kernelId)) {
      return false;
    }
    return this.refresh();
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
  }

  /** A message of a kernel's push channel: apply a change set in place, or catch up over REST. */
  receive(kernelId: string, message: PushMessage): void {
    if (kernelId !== this._kernelId) {
      this.pushStats.ignored++;
      return;
    }
    if (message.type === 'hello') {
      this._pushBase = {
        session: message.session_id,
        revision: message.revision
      };
      const graph = this._graph;
      const fresh = message.graph;
      if (
        fresh &&
        (!graph ||
          graph.session_id !== fresh.session_id ||
          fresh.revision > graph.revision)
      ) {
        // the kernel's own graph: no need to wait for its writer to store it
        this._setGraph(fresh, fresh.revision);
        this._invalidate();
      } else if (
        !fresh &&
        (!graph ||
          graph.session_id !== message.session_id ||
          this._revision !== message.revision)
      ) {
        void this._catchUp(graph?.session_id !== message.session_id);
      }
      return;
    }
    const changes = message.changes;
    const graph = this._graph ?? this._emptyFor(changes);
    if (
      graph &&
      graph.session_id === changes.session_id &&
      graph.revision === changes.base_revision
    ) {
      this._setGraph(applyChanges(graph, changes), changes.revision);
      this.pushStats.applied++;
      this._invalidate();
      this._pushed.emit(changes);
    } else if (
      !graph ||
      graph.session_id !== changes.session_id ||
      changes.revision > graph.revision
    ) {
      void this._catchUp(graph?.session_id !== changes.session_id); // a gap: REST has it
    }
  }

  /** The empty graph of a session the kernel just started (the hello said where it begins). */
  private _emptyFor(changes: GraphChangesJSON): GraphJSON | null {
    const base = this._pushBase;
    if (
      this._graph ||
      !base ||
      base.session !== changes.session_id ||
      base.revision !== changes.base_revision
    ) {
      return null;
    }
    return {
      format: 'lineage_ext.graph/1',
      session_id: changes.session_id,
      kernel_id: this._kernelId,
      notebook_path: this._storedPath,
      revision: changes.base_revision,
      nodes: [],
      edges: [],
      cells: []
    };
  }

  private async _catchUp(newSession: boolean): Promise<void> {
    this.pushStats.caughtUp++;
    if (newSession && this._graph) {
      this._setGraph(null, null);
      this._invalidate();
    }
    await this.refresh();
  }

  private _setGraph(graph: GraphJSON | null, revision: number | null): void {
    this._graph = graph;
    this._revision = revision;
    this._index = graph ? indexGraph(graph) : null;
    this._stale = this._index ? staleNodes(this._index) : new Set();
    this._highlighted =
      this._selectedCell && this._index
        ? nodesOfCell(this._index, this._selectedCell)
        : new Set();
  }

  private _invalidate(): void {
    this._view = null;
    this._layout = null;
    this._changed.emit();
  }

  private _fetch: typeof fetchGraph;
  private _now: () => number;
  private _pushLive: (kernelId: string | null) => boolean;
  private _pushed = new Signal<this, GraphChangesJSON>(this);
  private _pushBase: {
    session: string | null;
    revision: number | null;
  } | null = null;
  private _startAt = -Infinity;
  private _renderedAt: number | null = null;
  private _renderedRevision: number | null = null;
  private _latency: ILatency | null = null;
  private _changed = new Signal<this, void>(this);
  private _path: string | null = null;
  private _kernelId: string | null = null;
  private _storedPath: string | null = null;
  private _graph: GraphJSON | null = null;
  private _index: IGraphIndex | null = null;
  private _revision: number | null = null;
  private _stale = new Set<string>();
  private _options: IViewOptions = { ...DEFAULT_VIEW };
  private _selectedCell: string | null = null;
  private _highlighted = new Set<string>();
  private _error: string | null = null;
  private _view: IViewGraph | null = null;
  private _layout: ILayout | null = null;
  private _previousLayout: ILayout | null = null;
  private _layoutKey = '';
  private _replyAt: number | null = null;
  private _viewport: { width: number; height: number } | null = null;
  private _autoCells = false;
}
