/** The overview docks beside or under the view, never over it, and shows only when needed. */
import React, { act } from 'react';

import type { IViewGraph } from '../graph/derive';
import type { ILayout } from '../layout';
import {
  Minimap,
  MINIMAP_SIZE,
  minimapScale,
  minimapSide,
  offScreen
} from '../widgets/Minimap';
import { createRoot } from './reactRoot';

/** The markup a component renders. */
function renderToStaticMarkup(element: React.ReactElement): string {
  const container = document.createElement('div');
  const root = createRoot(container);
  act(() => root.render(element));
  const html = container.innerHTML;
  act(() => root.unmount());
  return html;
}

const tall: ILayout = { boxes: new Map(), width: 400, height: 1200 };
const wide: ILayout = { boxes: new Map(), width: 1200, height: 400 };

describe('minimap placement', () => {
  it('docks beside a tall graph in a wide area, else under the graph', () => {
    expect(minimapSide(tall, 900, 340)).toBe('right');
    // the default sidebar: its width goes to the labels
    expect(minimapSide(tall, 250, 290)).toBe('bottom');
    expect(minimapSide(wide, 900, 340)).toBe('bottom');
  });

  it('is as thick as the dock and no longer than the view', () => {
    const right = minimapScale(tall, 'right', 800, 340);
    expect(tall.width * right).toBeCloseTo(MINIMAP_SIZE);
    expect(tall.height * right).toBeLessThanOrEqual(340);
    const bottom = minimapScale(tall, 'bottom', 250, 290);
    expect(tall.height * bottom).toBeCloseTo(MINIMAP_SIZE);
    const long = minimapScale(wide, 'bottom', 200, 290);
    expect(wide.width * long).toBeLessThanOrEqual(200);
  });

  it('knows when part of the graph is off screen', () => {
    const fits = { k: 0.2, x: 10, y: 10 };
    expect(offScreen(tall, fits, 250, 290)).toBe(false);
    expect(offScreen(tall, { k: 1, x: 0, y: 0 }, 250, 290)).toBe(true);
    // panned right past the edge, though small enough to fit
    expect(offScreen(tall, { ...fits, x: 200 }, 250, 290)).toBe(true);
  });
});

describe('Minimap', () => {
  const view = { nodes: [], edges: [] } as unknown as IViewGraph;
  const render = (k: number): string =>
    renderToStaticMarkup(
      <Minimap
        view={view}
        layout={tall}
        transform={{ k, x: 0, y: 0 }}
        side="bottom"
        width={250}
        height={290}
        onCentre={() => undefined}
      />
    );

  it('shows nothing when the whole graph is in view', () => {
    expect(render(0.2)).toBe('');
  });

  it('docks a frame of the visible part when it is not', () => {
    const html = render(1);
    expect(html).toContain('jp-LineageGraph-dock');
    expect(html).toContain('jp-LineageGraph-miniFrame');
    expect(html).toContain(`height="${MINIMAP_SIZE}"`);
  });
});
