/**
 * Artifacts in a real JupyterLab: save from the cell context menu (validated name), from
 * the shortcut and from a graph node's menu; see them in the browser and the graph; open
 * the detail (preview, code); delete a version with confirmation; export to SCRIPT and
 * AIRFLOW from the browser and see the files.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

const PANEL = '#lineage-ext-panel';

async function saveDialog(page: IJupyterLabPageFixture, name: string, variable?: string): Promise<void> {
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('Save artifact');
  if (variable) {
    await dialog.getByLabel('Variable').selectOption(variable);
  }
  await dialog.getByLabel('Artifact name').fill(name);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
}

test('save, browse and delete artifacts', async ({ page }) => {
  await page.notebook.createNew('artifacts.ipynb');
  await page.sidebar.openTab('lineage-ext-panel');
  await page.sidebar.setWidth(420, 'left');
  await page.notebook.setCell(
    0,
    'code',
    'import pandas as pd\nsales = pd.DataFrame({"region": ["n", "s", "e"], "amount": [3.5, 1.25, 7.0]})\ntotal = float(sales["amount"].sum())'
  );
  await page.notebook.runCell(0);
  // this test is about variables; "auto" picks the cells view when they do not fit readably
  await page.getByLabel('Graph level').selectOption('variables');
  await expect(page.locator(`${PANEL} [data-node-id="var:total:1"]`)).toBeVisible();

  // the cell context menu: variables of the cell, the last one preselected, name validated
  await (await page.notebook.getCellLocator(0))!.click({ button: 'right' });
  await page.locator('.lm-Menu-itemLabel', { hasText: 'Save artifact…' }).click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.getByLabel('Variable')).toHaveValue('total');
  await expect(dialog.getByLabel('Variable').locator('option')).toHaveText(['sales', 'total']);
  await dialog.getByLabel('Variable').selectOption('sales');
  await dialog.getByLabel('Artifact name').fill('bad/name');
  await expect(dialog).toContainText('must not contain a path separator');
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
  await dialog.getByLabel('Artifact name').fill('sales table');
  await dialog.screenshot({ path: 'screenshots/save-dialog.png' });
  await dialog.getByRole('button', { name: 'Save' }).click();

  const row = page.locator(`${PANEL} .jp-LineageArtifacts-row[data-artifact="sales table:1"]`);
  await expect(row).toBeVisible();
  await expect(page.locator(`${PANEL} [data-node-id="artifact:sales table:1"]`)).toBeVisible();

  // the shortcut (command mode) saves a second version
  await (await page.notebook.getCellLocator(0))!.click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+S');
  await saveDialog(page, 'sales table', 'sales');
  await expect(page.locator(`${PANEL} .jp-LineageArtifacts-row[data-artifact="sales table:2"]`)).toBeVisible();

  // a graph node's menu saves that variable (the whole graph in view first)
  await page.getByLabel('Fit to view').click();
  await page.locator(`${PANEL} [data-node-id="var:total:1"]`).click({ button: 'right' });
  await page.locator('.lm-Menu-itemLabel', { hasText: 'Save artifact…' }).click();
  await expect(page.locator('.jp-Dialog').getByLabel('Variable')).toHaveValue('total');
  await saveDialog(page, 'total');
  await expect(page.locator(`${PANEL} .jp-LineageArtifacts-row[data-artifact="total:1"]`)).toBeVisible();
  await page.locator(PANEL).screenshot({ path: 'screenshots/artifact-browser.png' });

  // search
  await page.getByLabel('Search artifacts').fill('sales');
  await expect(page.locator(`${PANEL} .jp-LineageArtifacts-row[data-artifact="total:1"]`)).toHaveCount(0);
  await page.getByLabel('Search artifacts').fill('');

  // detail: table preview, shape, code
  await page.getByRole('button', { name: 'Open sales table v2' }).click();
  const detail = page.getByTestId('lineage-detail');
  await expect(detail).toContainText('shape (3, 2)');
  await expect(detail.locator('table')).toContainText('region');
  await expect(detail.locator('table')).toContainText('7');
  await detail.screenshot({ path: 'screenshots/artifact-detail.png' });
  await detail.getByLabel('Back to the artifact list').click();

  // versions, then delete version 1 with confirmation
  await page.getByRole('button', { name: 'Versions of sales table' }).click();
  const versions = page.locator(`${PANEL} ul[aria-label="Versions of sales table"] > li`);
  await expect(versions).toHaveCount(2);
  await page.getByRole('button', { name: 'Delete sales table version 1' }).click();
  await expect(page.locator('.jp-Dialog')).toContainText('Delete version 1 of "sales table"?');
  await page.locator('.jp-Dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(versions).toHaveCount(1);
  await expect(versions.first()).toHaveAttribute('data-artifact', 'sales table:2');
});

test('export an artifact to SCRIPT and AIRFLOW and see the files', async ({ page }, testInfo) => {
  await page.notebook.createNew('export.ipynb');
  await page.sidebar.openTab('lineage-ext-panel');
  await page.notebook.setCell(0, 'code', 'import lineage_ext\nrate = 0.5\nbase = [1, 2, 3]\nlineage_ext.save(base, "base")');
  await page.notebook.runCell(0);
  await page.notebook.addCell('code', '');
  await page.notebook.setCell(1, 'code', 'scaled = [x * rate for x in base]\nlineage_ext.save(scaled, "scaled")');
  await page.notebook.runCell(1);
  for (const framework of ['SCRIPT', 'AIRFLOW']) {
    await page.getByLabel('Select scaled for export').check();
    await page.getByRole('button', { name: 'Export pipeline…' }).click();
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByLabel('Framework').selectOption(framework);
    // a retry runs against the same Jupyter root: its own folders, so no export meets the first try's files
    const folder = `pipelines/${framework.toLowerCase()}-${testInfo.retry}`;
    await dialog.getByLabel('Output folder (in the Jupyter root)').fill(folder);
    await dialog.getByText('rate = 0.5').click();
    await dialog.screenshot({ path: `screenshots/export-${framework.toLowerCase()}.png` });
    await dialog.getByRole('button', { name: 'Export' }).click();
    await expect(dialog).toHaveCount(0);
    // the file browser moves to the new folder asynchronously: wait for it, not for the previous listing
    await expect(page.locator('#filebrowser .jp-BreadCrumbs')).toContainText(folder.split('/')[1]);
    await expect(page.locator('.jp-DirListing-content')).toContainText('.py');
    await expect(page.locator('.jp-DirListing-content')).toContainText('README');
    await page.sidebar.openTab('lineage-ext-panel'); // the file browser took the left area
    await page.getByLabel('Select scaled for export').uncheck();
  }
});
