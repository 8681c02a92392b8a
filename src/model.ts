/**
 * The graph side of the panel: which notebook is followed, its latest session graph,
 * the view options and the cell selection, with one `changed` signal. Views only read
 * it and call its methods; it knows nothing about React or the DOM.
 */
import { ISignal, Signal } from '@lumino/signaling';

import { fetchGraph } from './api/client';
import type { GraphJSON } from './api/types';
import {
  deriveView,
  DEFAULT_VIEW,
  IViewGraph,
  IViewOptions
} from './graph/derive';
import { IGraphIndex, indexGraph, nodesOfCell } from './graph/index';
import { staleArtifactKeys, staleNodes } from './graph/stale';
import { readableWhole } from './graph/readable';
import { ILayout, stableLayout } from './layout';

/** Delays (ms) of the refetches after an execute reply, until the new revision is stored. */
export const RETRY_DELAYS = [
  0, 10, 10, 10, 15, 15, 20, 20, 30, 50, 100, 200, 500, 1000, 2000
];

export interface IModelOptions {
  fetch?: typeof fetchGraph;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise(resolve => setTimeout(resolve, ms));

export class LineageModel {
  constructor(options: IModelOptions = {}) {
    this._fetch = options.fetch ?? fetchGraph;
    this._sleep = options.sleep ?? defaultSleep;
    this._now = options.now ?? (() => performance.now());
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

  /** When the last execute reply that led to a refetch arrived (performance.now()). */
  get replyAt(): number | null {
    return this._replyAt;
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
      if (reply.changed) {
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

  /**
   * A cell of the followed notebook got its execute reply: the tracer has handed the
   * graph to its writer, so refetch until the new revision is there.
   */
  async executed(): Promise<boolean> {
    this._replyAt = this._now();
    const generation = ++this._generation;
    for (const delay of RETRY_DELAYS) {
      if (delay) {
        await this._sleep(delay);
      }
      if (generation !== this._generation) {
        return false; // a newer execution took over
      }
      if (await this.refresh()) {
        return true;
      }
    }
    return false;
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
  private _sleep: (ms: number) => Promise<void>;
  private _now: () => number;
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
  private _generation = 0;
  private _replyAt: number | null = null;
  private _viewport: { width: number; height: number } | null = null;
  private _autoCells = false;
}
