/**
 * The overview of a graph larger than its view: every node as a small box, the visible
 * area as a frame; a click centres the view there. Shown only when part of the graph is
 * off screen.
 */
import React from 'react';

import type { IViewGraph } from '../graph/derive';
import type { ITransform } from '../graph/readable';
import type { ILayout } from '../layout';

const SIZE = 72;

export function Minimap(props: {
  view: IViewGraph;
  layout: ILayout;
  transform: ITransform;
  width: number;
  height: number;
  onCentre: (x: number, y: number) => void;
}): JSX.Element | null {
  const { layout, transform: t, width, height } = props;
  const offScreen =
    layout.width * t.k > width + 1 ||
    layout.height * t.k > height + 1 ||
    t.x < -1 ||
    t.y < -1;
  if (!layout.width || !width || !height || !offScreen) {
    return null;
  }
  const scale = SIZE / Math.max(layout.width, layout.height);
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
    <svg
      className="jp-LineageGraph-minimap"
      data-testid="lineage-minimap"
      width={layout.width * scale}
      height={layout.height * scale}
      aria-label="Graph overview: click to move the view"
      onClick={onClick}
      onPointerDown={event => event.stopPropagation()}
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
  );
}
