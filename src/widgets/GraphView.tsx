/**
 * The graph canvas: edges and nodes in one SVG, zoom (wheel, buttons, keys), pan (drag,
 * arrow keys), fit to view, a hover tooltip, and the latency stamp UI tests read.
 */
import React, {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState
} from 'react';
import { flushSync } from 'react-dom';

import type { IViewNode } from '../graph/derive';
import { ITransform, readableTransform } from '../graph/readable';
import { edgePath, IBox, ILayout } from '../layout';
import type { LineageModel } from '../model';
import { GraphNode } from './GraphNode';
import { Minimap, minimapSide } from './Minimap';
import { Tooltip } from './Tooltip';

export type { ITransform } from '../graph/readable';

export function fitTransform(
  layout: ILayout,
  width: number,
  height: number
): ITransform {
  if (!layout.width || !width || !height) {
    return { k: 1, x: 0, y: 0 };
  }
  const k = Math.max(
    0.05,
    Math.min(1, width / layout.width, height / layout.height)
  );
  return {
    k,
    x: (width - layout.width * k) / 2,
    y: Math.max(0, (height - layout.height * k) / 2)
  };
}

/** The boxes to keep in view: the active cell's nodes, else the newest node. */
function focusBoxes(model: LineageModel, layout: ILayout): IBox[] {
  const nodes = model.view.nodes;
  const highlighted = model.highlighted;
  const chosen = nodes.filter(n => n.members.some(id => highlighted.has(id)));
  const ids = chosen.length
    ? chosen.map(n => n.id)
    : nodes.length
      ? [nodes[nodes.length - 1].id]
      : [];
  return ids
    .map(id => layout.boxes.get(id))
    .filter((b): b is IBox => b !== undefined);
}

export interface IGraphViewProps {
  model: LineageModel;
  onActivate: (node: IViewNode) => void;
  /** bumped by the toolbar to ask for zoom in/out/fit */
  command: { name: 'in' | 'out' | 'fit'; seq: number };
  /** the node whose details the panel shows (an open call trace), marked like a focus */
  openNodeId?: string | null;
}

function useModel(model: LineageModel): void {
  const [, bump] = useState(0);
  useEffect(() => {
    const update = (): void => bump(n => n + 1);
    // a pushed change set is drawn at once, before the kernel's reply is handled
    const now = (): void => flushSync(update);
    model.changed.connect(update);
    model.pushed.connect(now);
    return () => {
      model.changed.disconnect(update);
      model.pushed.disconnect(now);
    };
  }, [model]);
}

export function GraphView(props: IGraphViewProps): JSX.Element {
  const { model } = props;
  useModel(model);
  const view = model.view;
  const layout = model.layout;
  const box = useRef<HTMLDivElement>(null);
  const area = useRef<HTMLDivElement>(null);
  const [transform, setTransform] = useState<ITransform | null>(null);
  const [hover, setHover] = useState<{
    node: IViewNode;
    x: number;
    y: number;
  } | null>(null);
  const userMoved = useRef(false);
  // "fit" asked for: a resize (the minimap's dock coming or going) fits again, not follow
  const fitted = useRef(false);
  const drag = useRef<{ x: number; y: number; start: ITransform } | null>(null);

  /** The whole graph (asked for with "fit"), however small its labels get. */
  const fit = useCallback(() => {
    const el = box.current;
    setTransform(
      fitTransform(layout, el?.clientWidth ?? 300, el?.clientHeight ?? 300)
    );
  }, [layout]);
  /** What the view shows untouched: readable labels, around the active cell's nodes. */
  const follow = useCallback(() => {
    const el = box.current;
    setTransform(
      readableTransform(
        layout,
        el?.clientWidth ?? 300,
        el?.clientHeight ?? 300,
        focusBoxes(model, layout)
      )
    );
  }, [layout, model]);
  const zoom = useCallback((factor: number, cx?: number, cy?: number) => {
    userMoved.current = true;
    setTransform(t => {
      const current = t ?? { k: 1, x: 0, y: 0 };
      const k = Math.max(0.05, Math.min(4, current.k * factor));
      const px = cx ?? (box.current?.clientWidth ?? 0) / 2;
      const py = cy ?? (box.current?.clientHeight ?? 0) / 2;
      return {
        k,
        x: px - ((px - current.x) * k) / current.k,
        y: py - ((py - current.y) * k) / current.k
      };
    });
  }, []);

  // follow the graph as it grows and the active cell until the user zooms or pans
  useEffect(() => {
    if (!userMoved.current && view.nodes.length) {
      fitted.current = false;
      follow();
    }
  }, [layout, follow, model.selectedCellId]);
  // re-fit when the panel is resized; "auto" may pick another level for the new size
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(() => {
      model.setViewport(el.clientWidth, el.clientHeight);
      if (!userMoved.current) {
        (fitted.current ? fit : follow)();
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [model, follow, fit]);
  useEffect(() => {
    const { name, seq } = props.command;
    if (seq > 0) {
      userMoved.current = name !== 'fit';
      fitted.current = name === 'fit';
      if (name === 'fit') {
        fit();
      } else {
        zoom(name === 'in' ? 1.25 : 0.8);
      }
    }
  }, [props.command]);

  useEffect(() => {
    const el = box.current;
    if (!el) {
      return;
    }
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      const rect = el.getBoundingClientRect();
      zoom(
        event.deltaY < 0 ? 1.1 : 1 / 1.1,
        event.clientX - rect.left,
        event.clientY - rect.top
      );
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoom]);

  // tell the model this revision is on screen; stamp the graph-updated-after-reply time
  useLayoutEffect(() => {
    model.rendered(model.revision);
  }, [model.revision]);
  useLayoutEffect(() => {
    const latency = model.latency;
    if (box.current && latency) {
      box.current.dataset.latencyMs = latency.ms.toFixed(1);
      box.current.dataset.latencyRevision = String(latency.revision);
    }
    const push = model.pushTiming;
    if (box.current && push) {
      box.current.dataset.pushRenderMs = push.renderMs.toFixed(1);
      box.current.dataset.pushTransitMs = String(push.transitMs ?? '');
      box.current.dataset.pushRevision = String(push.revision);
    }
  });

  const onKeyDown = (event: React.KeyboardEvent): void => {
    const step = 40;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [step, 0],
      ArrowRight: [-step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step]
    };
    if (event.target !== event.currentTarget) {
      return; // keys on a node belong to the node
    }
    if (moves[event.key]) {
      event.preventDefault();
      const [dx, dy] = moves[event.key];
      userMoved.current = true;
      setTransform(t => ({
        ...(t ?? { k: 1, x: 0, y: 0 }),
        x: (t?.x ?? 0) + dx,
        y: (t?.y ?? 0) + dy
      }));
    } else if (event.key === '+' || event.key === '=') {
      zoom(1.25);
    } else if (event.key === '-') {
      zoom(0.8);
    } else if (event.key === '0') {
      userMoved.current = true;
      fit();
    }
  };
  const onPointerDown = (event: React.PointerEvent): void => {
    if (
      (event.target as Element).closest('.jp-LineageGraph-node') ||
      event.button !== 0
    ) {
      return;
    }
    drag.current = {
      x: event.clientX,
      y: event.clientY,
      start: transform ?? { k: 1, x: 0, y: 0 }
    };
    (event.currentTarget as Element).setPointerCapture?.(event.pointerId);
  };
  const onPointerMove = (event: React.PointerEvent): void => {
    const d = drag.current;
    if (d) {
      userMoved.current = true;
      setTransform({
        ...d.start,
        x: d.start.x + event.clientX - d.x,
        y: d.start.y + event.clientY - d.y
      });
    }
  };
  const onHover = useCallback(
    (node: IViewNode | null, event?: React.MouseEvent) => {
      const rect = box.current?.getBoundingClientRect();
      if (!node) {
        setHover(null);
      } else {
        const target = (event?.currentTarget ?? null) as Element | null;
        const at = target?.getBoundingClientRect();
        setHover({
          node,
          x: (at?.left ?? 0) - (rect?.left ?? 0),
          y: (at?.bottom ?? 0) - (rect?.top ?? 0) + 4
        });
      }
    },
    []
  );

  const t = transform ?? { k: 1, x: 0, y: 0 };
  const highlighted = model.highlighted;
  const focusId = model.options.focus?.id;
  const side = minimapSide(
    layout,
    area.current?.clientWidth ?? 0,
    area.current?.clientHeight ?? 0
  );
  return (
    <div ref={area} className={`jp-LineageGraph-area jp-mod-${side}`}>
      <div
        ref={box}
        className="jp-LineageGraph"
        data-testid="lineage-graph"
        data-node-count={view.nodes.length}
        data-revision={model.revision ?? ''}
        data-push={model.pushing ? 'live' : 'rest'}
        data-push-stats={JSON.stringify(model.pushStats)}
        tabIndex={0}
        role="group"
        aria-label="Lineage graph: arrow keys pan, plus and minus zoom, 0 fits"
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => (drag.current = null)}
        onContextMenu={event => {
          const target = (event.target as Element).closest<SVGGElement>(
            '.jp-LineageGraph-node'
          );
          model.menuNodeId = target?.dataset.nodeId ?? null;
        }}
      >
        <svg className="jp-LineageGraph-svg" width="100%" height="100%">
          <defs>
            <marker
              id="jp-LineageGraph-arrow"
              viewBox="0 0 8 8"
              refX="7"
              refY="4"
              markerWidth="6"
              markerHeight="6"
              orient="auto"
            >
              <path
                d="M0,0 L8,4 L0,8 z"
                className="jp-LineageGraph-arrowHead"
              />
            </marker>
          </defs>
          <g transform={`translate(${t.x},${t.y}) scale(${t.k})`}>
            {view.edges.map(edge => {
              const from = layout.boxes.get(edge.source);
              const to = layout.boxes.get(edge.target);
              return from && to ? (
                <path
                  key={`${edge.source}>${edge.target}`}
                  className={`jp-LineageGraph-edge jp-mod-${edge.kind}`}
                  d={edgePath(from, to)}
                  markerEnd="url(#jp-LineageGraph-arrow)"
                />
              ) : null;
            })}
            {view.nodes.map(node => (
              <GraphNode
                key={node.id}
                node={node}
                box={layout.boxes.get(node.id)!}
                highlighted={node.members.some(id => highlighted.has(id))}
                focused={node.id === focusId || node.id === props.openNodeId}
                onActivate={props.onActivate}
                onHover={onHover}
              />
            ))}
          </g>
        </svg>
        {hover && <Tooltip node={hover.node} x={hover.x} y={hover.y} />}
      </div>
      <Minimap
        view={view}
        layout={layout}
        transform={t}
        side={side}
        width={box.current?.clientWidth ?? 0}
        height={box.current?.clientHeight ?? 0}
        onCentre={(x, y) => {
          userMoved.current = true;
          const el = box.current;
          setTransform({
            k: t.k,
            x: (el?.clientWidth ?? 0) / 2 - x * t.k,
            y: (el?.clientHeight ?? 0) / 2 - y * t.k
          });
        }}
      />
    </div>
  );
}
