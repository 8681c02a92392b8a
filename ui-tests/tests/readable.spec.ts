/**
 * Issue 16 in a real JupyterLab: the default view of a 12-cell scikit-learn-style notebook is
 * readable at the default sidebar width (on-screen label height), follows the active cell
 * and re-fits on resize; the shortcuts act on the active cell and collide with nothing.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

const PANEL = '#lineage-ext-panel';

export const SKLEARN_CELLS = [
  'import numpy as np\nfrom sklearn.datasets import load_iris',
  'data = load_iris(as_frame=True)\nframe = data.frame',
  'features = frame.drop(columns=["target"])\ntarget = frame["target"]',
  'features["ratio"] = features["sepal length (cm)"] / features["sepal width (cm)"]',
  'from sklearn.model_selection import train_test_split\nseed = 0',
  'X_train, X_test, y_train, y_test = train_test_split(features, target, test_size=0.3, random_state=seed)',
  'from sklearn.preprocessing import StandardScaler\nscaler = StandardScaler().fit(X_train)',
  'X_train_s = scaler.transform(X_train)\nX_test_s = scaler.transform(X_test)',
  'from sklearn.linear_model import LogisticRegression\nC = 1.0',
  'model = LogisticRegression(C=C, max_iter=500).fit(X_train_s, y_train)',
  'predictions = model.predict(X_test_s)\naccuracy = float((predictions == y_test).mean())',
  'report = {"accuracy": accuracy, "n_train": len(X_train), "n_test": len(X_test)}'
];

/** Write a notebook of these code cells, open it and run all of its cells. */
export async function openAndRun(page: IJupyterLabPageFixture, name: string, cells: string[]): Promise<void> {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' }
    },
    cells: cells.map((source, i) => ({
      cell_type: 'code',
      id: `cell-${i}`,
      metadata: {},
      source,
      outputs: [],
      execution_count: null
    }))
  };
  await page.contents.uploadContent(JSON.stringify(notebook), 'text', name);
  await page.notebook.openByPath(name);
  await page.notebook.run();
}

/** Heights (px, on screen) of the node labels inside the visible graph area. */
async function visibleLabelHeights(page: IJupyterLabPageFixture): Promise<number[]> {
  return page.locator(`${PANEL} .jp-LineageGraph`).evaluate(graph => {
    const area = graph.getBoundingClientRect();
    return Array.from(graph.querySelectorAll('svg.jp-LineageGraph-svg .jp-LineageGraph-label'))
      .map(label => label.getBoundingClientRect())
      .filter(r => r.right > area.left && r.left < area.right && r.bottom > area.top && r.top < area.bottom)
      .map(r => r.height);
  });
}

/** On-screen boxes of the minimap and of the visible parts of the node labels it could hide. */
async function minimapOverlaps(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.locator(PANEL).evaluate(panel => {
    const graph = panel.querySelector('.jp-LineageGraph')!.getBoundingClientRect();
    const mini = panel.querySelector('[data-testid="lineage-minimap"]')!.getBoundingClientRect();
    const overlaps: string[] = [];
    for (const label of Array.from(panel.querySelectorAll('svg.jp-LineageGraph-svg .jp-LineageGraph-label'))) {
      const r = label.getBoundingClientRect();
      // the part of the label the graph area shows (it clips the rest)
      const left = Math.max(r.left, graph.left);
      const right = Math.min(r.right, graph.right);
      const top = Math.max(r.top, graph.top);
      const bottom = Math.min(r.bottom, graph.bottom);
      if (left < right && top < bottom && left < mini.right && right > mini.left && top < mini.bottom && bottom > mini.top) {
        overlaps.push(label.textContent ?? '');
      }
    }
    return overlaps;
  });
}

test('the default view of a 12-cell notebook is readable at the default sidebar width', async ({ page, tmpPath }) => {
  test.setTimeout(300000);
  await openAndRun(page, `${tmpPath}/readable.ipynb`, SKLEARN_CELLS);
  await page.sidebar.openTab('lineage-ext-panel');
  const graph = page.getByTestId('lineage-graph');
  await expect(graph).toHaveAttribute('data-node-count', /\d+/);
  // the whole notebook is in the graph (its last cell, drawn as a cell or as its variable)
  await expect(page.locator(`${PANEL} .jp-LineageGraph-node[aria-label*="report"]`)).toHaveCount(1);
  await expect.poll(async () => (await visibleLabelHeights(page)).length).toBeGreaterThan(2);
  const heights = await visibleLabelHeights(page);
  console.log(`on-screen label heights at the default width (px): ${heights.map(h => h.toFixed(1)).join(', ')}`);
  expect(Math.min(...heights)).toBeGreaterThanOrEqual(10);
  // a large graph gets an overview, and it hides no label
  await expect(page.getByTestId('lineage-minimap')).toBeVisible();
  expect(await minimapOverlaps(page)).toEqual([]);
  await page.locator(PANEL).screenshot({ path: 'screenshots/default-view.png' });

  // the active cell's nodes are in view and highlighted
  await page.notebook.selectCells(9);
  const highlighted = page.locator(`${PANEL} .jp-LineageGraph-node.jp-mod-highlighted`).first();
  await expect(highlighted).toBeInViewport();

  expect(await minimapOverlaps(page)).toEqual([]);
  // widening the panel re-fits
  await page.sidebar.setWidth(900, 'left');
  await expect.poll(async () => Math.min(...(await visibleLabelHeights(page)))).toBeGreaterThanOrEqual(10);
  if (await page.getByTestId('lineage-minimap').isVisible()) {
    expect(await minimapOverlaps(page)).toEqual([]);
  }
  await page.locator(PANEL).screenshot({ path: 'screenshots/default-view-wide.png' });

  // "fit" shows the whole graph, and stays fitted when the overview's dock goes away
  await page.sidebar.setWidth(250, 'left');
  await page.getByLabel('Fit to view').click();
  await expect(page.getByTestId('lineage-minimap')).toHaveCount(0);
  const outside = await page.locator(`${PANEL} .jp-LineageGraph`).evaluate(graph => {
    const area = graph.getBoundingClientRect();
    return Array.from(graph.querySelectorAll('.jp-LineageGraph-node'))
      .map(node => node.getBoundingClientRect())
      .filter(r => r.left < area.left - 1 || r.right > area.right + 1 || r.top < area.top - 1 || r.bottom > area.bottom + 1).length;
  });
  expect(outside).toBe(0);
});

test('the disabled "Export pipeline…" button looks disabled', async ({ page }) => {
  await page.sidebar.openTab('lineage-ext-panel');
  const button = page.locator(PANEL).getByRole('button', { name: 'Export pipeline…' });
  await expect(button).toBeDisabled();
  // the same button's style once enabled (the attribute flipped and restored in one task)
  const looks = await button.evaluate(el => {
    const b = el as HTMLButtonElement;
    const pick = (): Record<string, string> => {
      const s = getComputedStyle(b);
      return { opacity: s.opacity, cursor: s.cursor, color: s.color, background: s.backgroundColor };
    };
    const disabled = pick();
    b.disabled = false;
    const enabled = pick();
    b.disabled = true;
    return { disabled, enabled };
  });
  console.log(`export button: ${JSON.stringify(looks)}`);
  expect(Number(looks.disabled.opacity)).toBeLessThan(Number(looks.enabled.opacity));
  expect(looks.disabled.cursor).toBe('not-allowed');
  expect(looks.disabled.background).not.toBe(looks.enabled.background);
  expect(looks.disabled.color).not.toBe(looks.enabled.color);
});

test('shortcuts: no collisions, Accel-Shift-S saves from the active cell', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', message => {
    if (message.type() === 'warning' || message.type() === 'error') {
      warnings.push(message.text());
    }
  });
  page.on('console', message => {
    if (message.type() === 'error' || message.text().includes('lineage')) {
      console.log(`browser ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', error => console.log(`browser pageerror: ${error.message}`));
  await page.reload();
  const shortcutWarnings = warnings.filter(w => /shortcut|keybinding|Accel Shift/i.test(w));
  expect(shortcutWarnings).toEqual([]);

  await page.keyboard.press('Control+Shift+Y');
  await expect(page.locator(PANEL)).toBeVisible();

  await page.notebook.createNew('shortcuts.ipynb');
  await page.notebook.setCell(0, 'code', 'first = 1');
  await page.notebook.runCell(0);
  await page.notebook.addCell('code', '');
  await page.notebook.setCell(1, 'code', 'second = 2');
  await page.notebook.runCell(1);
  await page.sidebar.openTab('lineage-ext-panel');
  await expect(page.getByTestId('lineage-graph')).toHaveAttribute('data-push', 'live');
  const graph = page.getByTestId('lineage-graph');
  await expect(graph).toHaveAttribute('data-revision', /\d+/);
  console.log(`push stats: ${await graph.getAttribute('data-push-stats')}, revision ${await graph.getAttribute('data-revision')}`);
  await expect(page.locator(`${PANEL} .jp-LineageGraph-node[data-node-id="var:second:1"]`)).toHaveCount(1);
  // right-click the first cell, close the menu, then work in the second cell
  await (await page.notebook.getCellLocator(0))!.click({ button: 'right' });
  await page.keyboard.press('Escape');
  await page.notebook.selectCells(1);
  await page.keyboard.press('Escape'); // command mode
  await page.keyboard.press('Control+Shift+S');
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('Save artifact');
  await expect(dialog.locator('#lineage-save-variable')).toHaveValue('second');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});
