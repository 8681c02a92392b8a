/**
 * What the graph view shows of the session graph: the view options, the viewport the
 * "auto" level reads, and the derived view and its layout, each computed once until the
 * graph, the options or the size change. Positions stay pinned between updates.
 */
import {
  deriveView,
  DEFAULT_VIEW,
  IViewGraph,
  IViewOptions
} from '../graph/derive';
import type { IGraphIndex } from '../graph/index';
import { readableWhole } from '../graph/readable';
import { ILayout, stableLayout } from '../layout';

/** The graph the view is derived from (null: none yet) and its stale node ids. */
export interface IViewSource {
  index: IGraphIndex | null;
  stale: Set<string>;
}

const EMPTY: IViewGraph = { nodes: [], edges: [], collapsed: false };

export class ViewState {
  constructor(source: () => IViewSource) {
    this._source = source;
  }

  get options(): IViewOptions {
    return this._options;
  }
  get viewport(): { width: number; height: number } | null {
    return this._viewport;
  }

  get view(): IViewGraph {
    if (!this._view) {
      const { index, stale } = this._source();
      this._view = index ? this._autoView(index, stale) : EMPTY;
    }
    return this._view;
  }

  get layout(): ILayout {
    if (!this._layout) {
      const view = this.view;
      const key = this._keyOf(view);
      const previous = key === this._layoutKey ? this._previousLayout : null;
      const trial = this._trial;
      // "auto" already laid this view out to judge it: reuse that layout
      this._layout =
        trial && trial.view === view && trial.previous === previous
          ? trial.layout
          : stableLayout(view, previous);
      this._layoutKey = key;
      this._previousLayout = this._layout;
    }
    return this._layout;
  }

  /** The graph changed: derive the view and its layout again (positions stay pinned). */
  invalidate(): void {
    this._view = null;
    this._layout = null;
    this._trial = null;
  }

  setOptions(options: Partial<IViewOptions>): void {
    this._options = { ...this._options, ...options };
    this._autoCells = false;
    this.invalidate();
  }

  /** Forget the pinned positions: the next layout is a fresh one. */
  relayout(): void {
    this._previousLayout = null;
    this.invalidate();
  }

  /** Another graph is followed: forget its positions and the auto level's verdict. */
  reset(): void {
    this._previousLayout = null;
    this._autoCells = false;
    this.invalidate();
  }

  /** The graph's on-screen size; false when it did not change. */
  setViewport(width: number, height: number): boolean {
    const old = this._viewport;
    if (old && old.width === width && old.height === height) {
      return false;
    }
    this._viewport = width > 0 && height > 0 ? { width, height } : null;
    this._autoCells = false;
    if (this._options.mode === 'auto' && this._source().index) {
      const before = this.view.collapsed;
      this._view = null;
      this._trial = null;
      if (this.view.collapsed !== before) {
        this._layout = null;
      }
    }
    return true;
  }

  /**
   * The view the options ask for; in "auto", the cells view whenever the variables view
   * would not fit the viewport with readable labels (and the cells view is smaller).
   */
  private _autoView(index: IGraphIndex, stale: Set<string>): IViewGraph {
    const view = deriveView(index, this._options, stale);
    const size = this._viewport;
    if (this._options.mode !== 'auto' || view.collapsed || !size) {
      return view;
    }
    // once unreadable, a growing graph stays so: skip the trial layout (options and size reset it)
    if (!this._autoCells) {
      const previous = this._layoutKey.startsWith('false|')
        ? this._previousLayout
        : null;
      const layout = stableLayout(view, previous);
      if (readableWhole(layout, size.width, size.height)) {
        this._trial = { view, previous, layout };
        return view;
      }
    }
    this._autoCells = true;
    const cells = deriveView(index, { ...this._options, mode: 'cells' }, stale);
    return cells.nodes.length < view.nodes.length ? cells : view;
  }

  /** Layouts with the same key may pin positions from one to the next. */
  private _keyOf(view: IViewGraph): string {
    const o = this._options;
    return `${view.collapsed}|${o.filter}|${JSON.stringify(o.focus)}|${o.showImports}|${o.showSuperseded}`;
  }

  private _source: () => IViewSource;
  private _options: IViewOptions = { ...DEFAULT_VIEW };
  private _viewport: { width: number; height: number } | null = null;
  private _autoCells = false;
  private _view: IViewGraph | null = null;
  private _layout: ILayout | null = null;
  private _previousLayout: ILayout | null = null;
  private _layoutKey = '';
  private _trial: {
    view: IViewGraph;
    previous: ILayout | null;
    layout: ILayout;
  } | null = null;
}
