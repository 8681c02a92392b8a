/**
 * Readable by default: the smallest zoom at which node labels stay legible on screen, and
 * the view transform that keeps them so: the whole graph when it fits at a readable zoom,
 * else a readable zoom centred on the nodes that matter now (the active cell's). Pure.
 */
import type { IBox, ILayout } from '../layout';

/** The labels' font size in graph units (style/base.css, .jp-LineageGraph-label). */
export const LABEL_PX = 11;
/** Labels smaller than this on screen are not read, only guessed. */
export const MIN_LABEL_PX = 10;
export const READABLE_SCALE = MIN_LABEL_PX / LABEL_PX;

export interface ITransform {
  k: number;
  x: number;
  y: number;
}

/** The zoom that fits the whole layout in the viewport (capped at 1). */
export function fitScale(
  layout: ILayout,
  width: number,
  height: number
): number {
  if (!layout.width || !width || !height) {
    return 1;
  }
  return Math.min(1, width / layout.width, height / layout.height);
}

/** Whether the whole layout fits the viewport with labels of at least MIN_LABEL_PX. */
export function readableWhole(
  layout: ILayout,
  width: number,
  height: number
): boolean {
  return fitScale(layout, width, height) >= READABLE_SCALE;
}

/** The box around some node boxes (null for none). */
export function extent(boxes: IBox[]): IBox | null {
  if (!boxes.length) {
    return null;
  }
  const left = Math.min(...boxes.map(b => b.x - b.width / 2));
  const right = Math.max(...boxes.map(b => b.x + b.width / 2));
  const top = Math.min(...boxes.map(b => b.y - b.height / 2));
  const bottom = Math.max(...boxes.map(b => b.y + b.height / 2));
  return {
    x: (left + right) / 2,
    y: (top + bottom) / 2,
    width: right - left,
    height: bottom - top
  };
}

/**
 * The whole graph when it fits readably; otherwise a readable zoom centred on `focus`
 * (the active cell's nodes, or the newest node), kept inside the graph's extent.
 */
export function readableTransform(
  layout: ILayout,
  width: number,
  height: number,
  focus: IBox[]
): ITransform {
  const fit = fitScale(layout, width, height);
  if (fit >= READABLE_SCALE || !width || !height) {
    return {
      k: fit,
      x: (width - layout.width * fit) / 2,
      y: Math.max(0, (height - layout.height * fit) / 2)
    };
  }
  const k = READABLE_SCALE;
  const centre = extent(focus) ?? {
    x: layout.width / 2,
    y: layout.height / 2,
    width: 0,
    height: 0
  };
  const clamp = (value: number, size: number, view: number): number =>
    size * k <= view
      ? (view - size * k) / 2
      : Math.min(0, Math.max(view - size * k, value));
  return {
    k,
    x: clamp(width / 2 - centre.x * k, layout.width, width),
    y: clamp(height / 2 - centre.y * k, layout.height, height)
  };
}
