/**
 * Beyond the panel, in the notebook itself: stale cells marked and "Run stale dependents",
 * the in-place re-run guard, two artifact versions side by side and "Insert code to load".
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

const PANEL = '#lineage-ext-panel';

async function cellCode(page: IJupyterLabPageFixture, index: number, code: string): Promise<void> {
  if (index > 0) {
    await page.notebook.addCell('code', '');
  }
  await page.notebook.setCell(index, 'code', code);
  await page.notebook.runCell(index);
}

test('stale cells, run stale dependents, versions side by side, insert-load', async ({ page }) => {
  test.setTimeout(300000);
  await page.notebook.createNew('stale.ipynb');
  await page.sidebar.openTab('lineage-ext-panel');
  await cellCode(page, 0, 'a = 1');
  await cellCode(page, 1, 'b = a + 1');
  await cellCode(page, 2, 'unrelated = 7');
  await cellCode(page, 3, 'import lineage_ext\nc = lineage_ext.save(b * 2, "feat_c")');
  await expect(page.getByTestId('lineage-graph')).toHaveAttribute('data-push', 'live');

  // change the upstream cell: its readers (directly or not) become stale, in the notebook too
  await page.notebook.setCell(0, 'code', 'a = 5');
  await page.notebook.runCell(0);
  const staleCells = page.locator('.jp-Notebook .jp-Cell.jp-Lineage-staleCell');
  await expect(staleCells).toHaveCount(2);
  const runStale = page.locator('.jp-Lineage-runStale');
  await expect(runStale).toHaveAttribute('data-count', '2');
  await page.locator('.jp-NotebookPanel-toolbar').screenshot({ path: 'screenshots/notebook-stale-toolbar.png' });
  await runStale.click();
  await expect(staleCells).toHaveCount(0);
  await expect(runStale).toHaveAttribute('data-count', '0');
  // exactly the stale cells ran again: the unrelated cell kept its execution count
  await expect(page.locator('.jp-Notebook .jp-Cell').nth(2).locator('.jp-InputPrompt')).toContainText('[3]');

  // feat_c now has two versions: compare them side by side
  const row = page.locator(`${PANEL} [data-artifact="feat_c:2"]`);
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: /Open feat_c/ }).click();
  await page.getByLabel('Compare with version').selectOption('1');
  const compare = page.getByTestId('lineage-compare');
  await expect(compare).toBeVisible();
  await expect(compare.locator('tr.jp-mod-changed').first()).toBeVisible();
  await page.locator(PANEL).screenshot({ path: 'screenshots/artifact-compare.png' });

  // insert code to load this version
  const before = await page.notebook.getCellCount();
  await page.getByRole('button', { name: 'Insert code to load this artifact' }).click();
  await expect.poll(() => page.notebook.getCellCount()).toBe(before + 1);
  const texts = await page.locator('.jp-Notebook .jp-Cell .jp-InputArea-editor').allInnerTexts();
  expect(texts.join('\n')).toContain('lineage_ext.get("feat_c", 2).get_value()');
});

test('the in-place re-run guard offers "Re-run from upstream"', async ({ page }) => {
  test.setTimeout(300000);
  await page.notebook.createNew('inplace.ipynb');
  await page.sidebar.openTab('lineage-ext-panel');
  await cellCode(page, 0, 'import pandas as pd\ndf = pd.DataFrame({"x": [1, 2], "y": [3, 4]})');
  await cellCode(page, 1, 'import warnings\nwarnings.simplefilter("ignore")\ndf.drop(columns=["x"], inplace=True)');
  await page.notebook.selectCells(1);
  const guard = page.locator('.jp-Lineage-rerunUpstream');
  await expect(guard).toBeVisible();
  await expect(guard).toContainText('df');
  await expect(page.locator('.jp-Notebook .jp-Cell').nth(1)).toHaveClass(/jp-Lineage-inPlaceCell/);
  await page.locator('.jp-NotebookPanel-toolbar').screenshot({ path: 'screenshots/notebook-inplace-guard.png' });
  await guard.click();
  // both cells ran again, without the KeyError a plain re-run raises
  await expect(page.locator('.jp-Notebook .jp-Cell').nth(1).locator('.jp-InputPrompt')).toContainText('[4]');
  await expect(page.locator('.jp-Notebook .jp-Cell').nth(1).locator('.jp-OutputArea-output[data-mime-type*="error"]')).toHaveCount(0);
  expect((await page.notebook.getCellTextOutput(1)) ?? []).toEqual([]);
});

test('running a guarded cell asks first: re-run from upstream, run anyway or cancel', async ({ page }) => {
  test.setTimeout(300000);
  await page.notebook.createNew('guarded.ipynb');
  await page.sidebar.openTab('lineage-ext-panel');
  await cellCode(page, 0, "import pandas as pd\ndf = pd.DataFrame({'a': [1], 'b': [2]})");
  await cellCode(page, 1, "df.drop(columns=['a'], inplace=True)");
  const cells = page.locator('.jp-Notebook .jp-Cell');
  const guarded = cells.nth(1);
  await expect(guarded).toHaveClass(/jp-Lineage-inPlaceCell/);
  const dialog = page.locator('.jp-Dialog');
  const errors = page.locator('.jp-Notebook .jp-OutputArea-output[data-mime-type*="error"]');
  const cellCount = await page.notebook.getCellCount();

  // every single-cell run entry point is asked first; Cancel runs nothing
  await page.notebook.selectCells(1);
  await page.notebook.clickToolbarItem('run');
  await expect(dialog).toContainText('This cell changed df in place');
  await expect(dialog).toContainText('[1]');
  await dialog.screenshot({ path: 'screenshots/notebook-inplace-dialog.png' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  for (const keys of ['Control+Enter', 'Alt+Enter']) {
    await page.notebook.selectCells(1);
    await page.keyboard.press(keys);
    await expect(dialog).toContainText('This cell changed df in place');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
  }
  await expect(guarded.locator('.jp-InputPrompt')).toContainText('[2]');
  expect(await page.notebook.getCellCount()).toBe(cellCount); // Alt+Enter inserted nothing
  await expect(errors).toHaveCount(0);

  // Shift+Enter, "Re-run from upstream": the producer of df, then the cell; no KeyError
  await page.notebook.selectCells(1);
  await page.keyboard.press('Shift+Enter');
  await dialog.getByRole('button', { name: /Re-run from upstream/ }).click();
  await expect(cells.nth(0).locator('.jp-InputPrompt')).toContainText('[3]');
  await expect(guarded.locator('.jp-InputPrompt')).toContainText('[4]');
  await expect(errors).toHaveCount(0);
  await expect(page.locator('.jp-Notebook')).not.toContainText('KeyError');
  await page.notebook.setCell(2, 'code', 'print(list(df.columns))');
  await page.notebook.runCell(2);
  await expect(cells.nth(2).locator('.jp-OutputArea-output')).toHaveText("['b']");

  // "Run anyway" runs the cell as asked: the KeyError a plain re-run raises
  await expect(guarded).toHaveClass(/jp-Lineage-inPlaceCell/);
  await page.notebook.selectCells(1);
  await page.keyboard.press('Shift+Enter');
  await dialog.getByRole('button', { name: 'Run anyway' }).click();
  await expect(guarded.locator('.jp-OutputArea')).toContainText('KeyError');
  await expect(cells.nth(0).locator('.jp-InputPrompt')).toContainText('[3]');
});
