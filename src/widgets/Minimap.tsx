/**
 * The overview of a graph larger than its view: every node as a small box, the visible
 * area as a frame; a click centres the view there. Shown only when part of the graph is
 * off screen, and docked beside or under the view -- never over the graph, so it hides no
 * label; the view shrinks by the dock and re-fits.
 */
import React from 'react';

import type { IViewGraph } from '../graph/derive';
import type { ITransform } from '../graph/readable';
import type { ILayout } from '../layout';

/** The dock's thickness (px): the overview's size across the side it docks on. */
export const MINIMAP_SIZE = 56;

/** The dock's padding and the overview's border, both sides (style/base.css). */
const FRAME_PX = 10;

export type MinimapSide = 'right' | 'bottom';

/**
 * Where the overview docks in an area of this size (the view and the dock together): beside
 * a tall graph in a wide area; otherwise under the graph, since a narrow sidebar needs its
 * width for the labels more than its height.
 */
export function minimapSide(
  layout: ILayout,
  areaWidth: number,
  areaHeight: number
): MinimapSide {
  return layout.height >= layout.width && areaWidth > areaHeight
    ? 'right'
    : 'bottom';
}

/** Whether part of the layout is outside a view of this size under this transform. */
export function offScreen(
  layout: ILayout,
  t: ITransform,
  width: number,
  height: number
): boolean {
  return (
    t.x < -1 ||
    t.y < -1 ||
    t.x + layout.width * t.k > width + 1 ||
    t.y + layout.height * t.k > height + 1
  );
}

/** Graph units to overview pixels: the dock's thickness across, the view's length along. */
export function minimapScale(
  layout: ILayout,
  side: MinimapSide,
  width: number,
  height: number
): number {
  return side === 'right'
    ? Math.min(MINIMAP_SIZE / layout.width, (height - FRAME_PX) / layout.height)
    : Math.min((width - FRAME_PX) / layout.width, MINIMAP_SIZE / layout.height);
}

export function Minimap(props: {
  view: IViewGraph;
  layout: ILayout;
  transform: ITransform;
  side: MinimapSide;
  /** the graph view's size (without the dock) */
  width: number;
  height: number;
  onCentre: (x: number, y: number) => void;
}): JSX.Element | null {
  const { layout, transform: t, width, height } = props;
  if (
    !layout.width ||
    !width ||
    !height ||
    !offScreen(layout, t, width, height)
  ) {
    return null;
  }
  const scale = minimapScale(layout, props.side, width, height);
  const frame = {
    x: (-t.x / t.k) * scale,
    y: (-t.y / t.k) * scale,
    width: (width / t.k) * scale,
    height: (height / t.k) * scale
  };
  const onClick = (event: React.MouseEvent<SVGSVGElement>): void => {
    const rect = event.currentTarget.getBoundingClientRect();
    props.onCentre(
      (event.clientX - rect.left) / scale,
      (event.clientY - rect.top) / scale
    );
  };
  return (
    <div className="jp-LineageGraph-dock">
      <svg
        className="jp-LineageGraph-minimap"
        data-testid="lineage-minimap"
        width={layout.width * scale}
        height={layout.height * scale}
        aria-label="Graph overview: click to move the view"
        onClick={onClick}
      >
        {props.view.nodes.map(node => {
          const box = layout.boxes.get(node.id);
          return box ? (
            <rect
              key={node.id}
              className={`jp-LineageGraph-miniNode jp-mod-${node.kind}${node.stale ? ' jp-mod-stale' : ''}`}
              x={(box.x - box.width / 2) * scale}
              y={(box.y - box.height / 2) * scale}
              width={Math.max(1, box.width * scale)}
              height={Math.max(1, box.height * scale)}
            />
          ) : null;
        })}
        <rect className="jp-LineageGraph-miniFrame" {...frame} />
      </svg>
    </div>
  );
}
