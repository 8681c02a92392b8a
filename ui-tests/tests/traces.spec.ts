/**
 * Call traces in a real JupyterLab: a cell runs traced functions inside a TraceContext, the
 * trace appears as its own node (also in the cell view), opens in the panel with its stages,
 * calls, parameters and the exception, goes to its cell, and closes back to the artifacts.
 */
import { expect, test } from '@jupyterlab/galata';

const PANEL = '#lineage-ext-panel';

const TRACED_CELL = `import lineage_ext

@lineage_ext.trace_func(stage_name="clean")
def drop_negatives(values, scale=2):
    return sorted(v * scale for v in values if v >= 0)

@lineage_ext.trace_func(stage_name="score")
def mean_score(values):
    if not values:
        raise ValueError("no values to score")
    return sum(values) / len(values)

with lineage_ext.TraceContext() as t:
    score = mean_score(drop_negatives([3, -1, 1, 2]))
    try:
        mean_score([])
    except ValueError:
        pass`;

/** A notebook file with these code cells (typing them would meet the editor's auto-indent). */
function notebook(sources: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: sources.map((source, i) => ({
      cell_type: 'code',
      id: `cell-${i}`,
      metadata: {},
      execution_count: null,
      outputs: [],
      source
    }))
  });
}

test('a call trace shows in the graph and opens in the panel', async ({ page, tmpPath }) => {
  const file = `${tmpPath}/traces.ipynb`;
  await page.contents.uploadContent(notebook([TRACED_CELL, 'doubled = score * 2']), 'text', file);
  await page.notebook.openByPath(file);
  await page.notebook.activate('traces.ipynb');
  await page.sidebar.openTab('lineage-ext-panel');
  await page.sidebar.setWidth(460, 'left');
  await page.notebook.runCell(0);
  await page.notebook.runCell(1);
  await expect(page.locator('.jp-Notebook .jp-OutputArea-output')).toHaveCount(0); // no error

  const traceNode = page.locator(`${PANEL} .jp-LineageGraph-node[data-kind="trace"]`);
  await expect(traceNode).toHaveCount(1);
  await expect(traceNode).toHaveAttribute('aria-label', 'call trace clean → score · 3 calls');
  await traceNode.hover();
  const tooltip = page.locator('.jp-LineageGraph-tooltip');
  await expect(tooltip).toContainText('calls3');
  await expect(tooltip).toContainText('duration');
  await page.mouse.move(0, 0);

  // the cell view keeps the trace reachable as its own node
  await page.getByLabel('Graph level').selectOption('cells');
  await expect(traceNode).toBeVisible();
  await page.getByLabel('Graph level').selectOption('variables');

  await traceNode.click();
  const view = page.getByTestId('lineage-trace');
  await expect(view).toHaveAttribute('data-status', 'ready');
  await expect(view.locator('[data-stage="clean"] h4')).toContainText('Stage clean');
  await expect(view.locator('[data-stage="clean"]')).toContainText('drop_negatives');
  await expect(view.locator('[data-stage="clean"]')).toContainText('values = [3, -1, 1, 2]');
  await expect(view.locator('[data-stage="clean"]')).toContainText('scale = 2');
  await expect(view.locator('[data-stage="score"] .jp-mod-error')).toContainText(
    'raised ValueError: no values to score'
  );
  await expect(view).toContainText('3 recorded');
  await page.locator(PANEL).screenshot({ path: 'screenshots/trace-view.png' });
  await view.locator('[data-stage="score"]').scrollIntoViewIfNeeded();
  await view.locator('[data-stage="score"]').screenshot({ path: 'screenshots/trace-calls.png' });

  // "Go to cell" selects the cell that ran the traced block
  await view.getByRole('button', { name: 'Go to cell' }).click();
  await expect(page.locator('.jp-Notebook .jp-Cell').nth(0)).toHaveClass(/jp-mod-active/);

  // Back returns to the artifact browser
  await view.getByLabel('Close the call trace').click();
  await expect(view).toHaveCount(0);
  await expect(page.locator(`${PANEL} .jp-LineagePanel-sectionTitle`)).toHaveText('Artifacts');
});
