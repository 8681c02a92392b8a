/**
 * Self-repairing slices in a real JupyterLab: a value mutated through a route the tracer cannot
 * see (a local module keeps a reference and appends to it later) fails verification; the
 * background repair finds the missing call, and the panel shows "repaired" in the list and in
 * the detail, with the repaired code.
 */
import { expect, test } from '@jupyterlab/galata';

const PANEL = '#lineage-ext-panel';
const HELPER = [
  'from pathlib import Path',
  'import importlib',
  'Path("held_values.py").write_text("_held = []\\ndef hold(v):\\n    _held.append(v)\\ndef bump():\\n    for v in _held:\\n        v.append(len(v))\\n")',
  'importlib.invalidate_caches()'
].join('\n');

test('a slice that fails verification is repaired and shown as repaired', async ({ page }) => {
  test.setTimeout(240000);
  await page.notebook.createNew('repair.ipynb');
  await page.sidebar.openTab('lineage-ext-panel');
  await page.sidebar.setWidth(420, 'left');
  const cells = [
    HELPER,
    'import held_values\ndata = [1]\nheld_values.hold(data)\nunrelated = 5',
    'held_values.bump()',
    'import lineage_ext\nlineage_ext.save(data, "data")'
  ];
  for (const [index, code] of cells.entries()) {
    if (index > 0) {
      await page.notebook.addCell('code', '');
    }
    await page.notebook.setCell(index, 'code', code);
    await page.notebook.runCell(index);
  }
  const badge = page.locator(`${PANEL} .jp-LineageArtifacts-row[data-artifact="data:1"] .jp-LineageBadge`);
  await expect(badge).toBeVisible();
  // verification, then the repair, run in the kernel's background: re-query the list until it says so
  const search = page.getByLabel('Search artifacts');
  await expect(async () => {
    await search.fill('data');
    await search.fill('');
    await expect(badge).toHaveText('repaired', { timeout: 2000 });
  }).toPass({ timeout: 110000 });
  await expect(badge).toHaveClass(/jp-mod-repaired/);

  await page.getByRole('button', { name: 'Open data v1' }).click();
  const detail = page.getByTestId('lineage-detail');
  await expect(detail.locator('.jp-LineageBadge.jp-mod-repaired')).toHaveText('repaired');
  await expect(detail.locator('.jp-LineageDetail-verification')).toContainText('held_values.bump() (method call)');
  await expect(detail).toContainText('# repaired slice:');
  await expect(detail).toContainText('held_values.bump()');
  await expect(detail).not.toContainText('unrelated = 5');
  await detail.screenshot({ path: 'screenshots/artifact-repaired.png' });
});
