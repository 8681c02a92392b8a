/**
 * One node of the lineage graph in SVG: its shape by kind (call traces are hexagons), its
 * label and its state classes.
 */
import React from 'react';

import type { IViewNode } from '../graph/derive';
import type { IBox } from '../layout';

const MAX_LABEL = 28;

export function shortLabel(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

function cylinder(w: number, h: number): string {
  const hw = w / 2;
  const hh = h / 2;
  const ry = 5;
  return (
    `M${-hw},${-hh + ry} A${hw},${ry} 0 0 1 ${hw},${-hh + ry} V${hh - ry} ` +
    `A${hw},${ry} 0 0 1 ${-hw},${hh - ry} Z M${-hw},${-hh + ry} A${hw},${ry} 0 0 0 ${hw},${-hh + ry}`
  );
}

/** A stretched hexagon: pointed ends read as "a run through functions". */
function hexagon(w: number, h: number): string {
  const hw = w / 2;
  const hh = h / 2;
  const tip = Math.min(8, hw / 2);
  return (
    `M${-hw + tip},${-hh} H${hw - tip} L${hw},0 L${hw - tip},${hh} ` +
    `H${-hw + tip} L${-hw},0 Z`
  );
}

function Shape({ node, box }: { node: IViewNode; box: IBox }): JSX.Element {
  const { width: w, height: h } = box;
  if (node.kind === 'file') {
    return <path className="jp-LineageGraph-shape" d={cylinder(w, h)} />;
  }
  if (node.kind === 'trace') {
    return <path className="jp-LineageGraph-shape" d={hexagon(w, h)} />;
  }
  const radius =
    node.kind === 'variable' ? h / 2 : node.kind === 'artifact' ? 6 : 3;
  return (
    <rect
      className="jp-LineageGraph-shape"
      x={-w / 2}
      y={-h / 2}
      width={w}
      height={h}
      rx={radius}
    />
  );
}

export function describeNode(node: IViewNode): string {
  const kind = node.kind === 'trace' ? 'call trace' : node.kind;
  const parts = [`${kind} ${node.label}`];
  if (node.stale) {
    parts.push('stale');
  }
  if (node.superseded) {
    parts.push('superseded');
  }
  return parts.join(', ');
}

export interface IGraphNodeProps {
  node: IViewNode;
  box: IBox;
  highlighted: boolean;
  focused: boolean;
  onActivate: (node: IViewNode) => void;
  onHover: (node: IViewNode | null, event?: React.MouseEvent) => void;
}

function classes(props: IGraphNodeProps): string {
  const { node } = props;
  return [
    'jp-LineageGraph-node',
    `jp-mod-${node.kind}`,
    node.stale ? 'jp-mod-stale' : '',
    node.superseded ? 'jp-mod-superseded' : '',
    node.data.error ? 'jp-mod-error' : '',
    props.highlighted ? 'jp-mod-highlighted' : '',
    props.focused ? 'jp-mod-focus' : ''
  ]
    .filter(Boolean)
    .join(' ');
}

function GraphNodeView(props: IGraphNodeProps): JSX.Element {
  const { node, box } = props;
  const onKeyDown = (event: React.KeyboardEvent): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      props.onActivate(node);
    }
  };
  return (
    <g
      className={classes(props)}
      transform={`translate(${box.x},${box.y})`}
      data-node-id={node.id}
      data-kind={node.kind}
      data-cell-id={node.cellId ?? ''}
      tabIndex={0}
      role="button"
      aria-label={describeNode(node)}
      onClick={() => props.onActivate(node)}
      onKeyDown={onKeyDown}
      onMouseEnter={event => props.onHover(node, event)}
      onMouseLeave={() => props.onHover(null)}
      onFocus={() => props.onHover(node)}
      onBlur={() => props.onHover(null)}
    >
      <Shape node={node} box={box} />
      <text className="jp-LineageGraph-label" dy="0.35em" textAnchor="middle">
        {shortLabel(node.label)}
      </text>
      {node.kind === 'artifact' && (
        <circle
          className="jp-LineageGraph-badge"
          cx={box.width / 2 - 2}
          cy={-box.height / 2 + 2}
          r={4}
        />
      )}
      {node.stale && (
        <text
          className="jp-LineageGraph-staleMark"
          x={-box.width / 2 + 4}
          y={-box.height / 2 + 9}
        >
          !
        </text>
      )}
    </g>
  );
}

export const GraphNode = React.memo(GraphNodeView);
