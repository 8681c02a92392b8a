/**
 * The product shell in a real JupyterLab: the Lineage sidebar, the cell context menu,
 * and the tracer loaded automatically into notebook kernels.
 */
import { expect, test } from '@jupyterlab/galata';

const PANEL_ID = 'lineage-ext-panel';

test.describe('lineage_ext shell', () => {
  test('the Lineage sidebar opens and explains what to do', async ({ page }) => {
    await page.sidebar.openTab(PANEL_ID);
    const panel = page.locator(`#${PANEL_ID}`);
    await expect(panel).toBeVisible();
    await expect(panel.getByTestId('lineage-empty')).toContainText('No lineage yet');
    await expect(panel.getByLabel('Lineage status', { exact: true })).toContainText('lineage-ui-store');
    await panel.screenshot({ path: 'screenshots/panel-empty.png' });
  });

  test('a new notebook kernel loads the tracer automatically', async ({ page }) => {
    await page.notebook.createNew('tracer-autoload.ipynb');
    await page.notebook.setCell(
      0,
      'code',
      "print('lineage_ext' in get_ipython().extension_manager.loaded)"
    );
    await page.notebook.runCell(0);
    expect(await page.notebook.getCellTextOutput(0)).toEqual(['True\n']);
  });

  test('the code cell context menu offers "Save artifact…"', async ({ page }) => {
    await page.notebook.createNew('context-menu.ipynb');
    await page.notebook.setCell(0, 'code', 'x = 41 + 1');
    await page.notebook.runCell(0);
    const cell = await page.notebook.getCellLocator(0);
    await cell!.click({ button: 'right' });
    const item = page.locator('.lm-Menu-itemLabel', { hasText: 'Save artifact…' });
    await expect(item).toBeVisible();
    await page.locator('.lm-Menu').first().screenshot({ path: 'screenshots/cell-context-menu.png' });
    await page.keyboard.press('Escape');
  });
});
