/**
 * The panel bugs of issue 16, each against the code that shows it: the readable default
 * view, the minimal code shown once, badges following the store, the error tooltip, the
 * save dialog after a serialization error and the stale-export warning.
 */
import React, { act } from 'react';

import type * as client from '../api/client';
import type { ArtifactDetailResponse, ArtifactJSON } from '../api/types';
import { ArtifactsModel } from '../artifactsModel';
import type { IViewNode } from '../graph/derive';
import { LABEL_PX, MIN_LABEL_PX, readableTransform } from '../graph/readable';
import { LineageModel } from '../model';
import { saveCode } from '../notebook';
import { ArtifactDetail, IDetailActions } from '../widgets/ArtifactDetail';
import { advisedBackend, staleWarning } from '../widgets/warnings';
import { Tooltip } from '../widgets/Tooltip';
import { artifactJSON, GraphFixture } from './fixtures';
import { createRoot } from './reactRoot';

// notebook.ts imports NotebookActions, whose widgets need browser events jsdom lacks
jest.mock('@jupyterlab/notebook', () => ({ NotebookActions: {} }));

/** A 12-cell notebook shaped like a scikit-learn one: each cell defines two or three values. */
function twelveCells(): GraphFixture {
  const fixture = new GraphFixture();
  let previous: string[] = [];
  for (let run = 1; run <= 12; run++) {
    const names = [`frame_${run}:1`, `columns_${run}:1`, `model_${run}:1`];
    fixture.run(
      run,
      `cell${run}`,
      previous.map(n => `var:${n}`),
      names,
      `frame_${run}, columns_${run}, model_${run} = step_${run}(data)`
    );
    previous = names.slice(0, 2);
  }
  return fixture;
}

function modelWith(fixture: GraphFixture): LineageModel {
  const graph = fixture.json();
  const model = new LineageModel({
    fetch: async () => ({
      changed: true,
      revision: graph.revision,
      session_id: 's1',
      graph,
      stale: []
    })
  });
  return model;
}

async function loaded(fixture: GraphFixture): Promise<LineageModel> {
  const model = modelWith(fixture);
  model.setNotebook('nb.ipynb', 'k1');
  await model.refresh();
  return model;
}

describe('bug 1: the default view is readable', () => {
  it('picks the cells view when the variables view would shrink labels below 10 px', async () => {
    const model = await loaded(twelveCells());
    expect(model.view.collapsed).toBe(false); // no viewport known: the options decide
    model.setViewport(260, 400); // the default sidebar width
    expect(model.view.collapsed).toBe(true);
    expect(model.view.nodes.every(n => n.kind === 'cell')).toBe(true);
    model.setViewport(3000, 3000); // wide enough for every variable
    expect(model.view.collapsed).toBe(false);
  });

  it('keeps labels at least 10 px on screen, centred on the active cell', async () => {
    const model = await loaded(twelveCells());
    model.setViewport(260, 400);
    model.selectCell('cell9');
    const layout = model.layout;
    const focus = model.view.nodes
      .filter(n => n.members.some(id => model.highlighted.has(id)))
      .map(n => layout.boxes.get(n.id)!);
    expect(focus.length).toBeGreaterThan(0);
    const t = readableTransform(layout, 260, 400, focus);
    expect(t.k * LABEL_PX).toBeGreaterThanOrEqual(MIN_LABEL_PX);
    const centre = focus[0];
    const onScreen = { x: centre.x * t.k + t.x, y: centre.y * t.k + t.y };
    expect(onScreen.x).toBeGreaterThanOrEqual(0);
    expect(onScreen.x).toBeLessThanOrEqual(260);
    expect(onScreen.y).toBeGreaterThanOrEqual(0);
    expect(onScreen.y).toBeLessThanOrEqual(400);
  });

  it('fits a small graph whole', async () => {
    const fixture = new GraphFixture().run(1, 'A', [], ['a:1'], 'a = 1');
    const model = await loaded(fixture);
    model.setViewport(260, 400);
    const t = readableTransform(model.layout, 260, 400, []);
    expect(t.k).toBe(1);
  });
});

function artifact(
  status: ArtifactJSON['verification']['status']
): ArtifactJSON {
  return artifactJSON({
    name: 'model',
    version: 2,
    node_id: 'var:model:1',
    variable_name: 'model',
    verification: { status, reason: null }
  });
}

const detailOf = (a: ArtifactJSON): ArtifactDetailResponse => ({
  artifact: a,
  code: 'model = 1',
  code_error: null,
  links: []
});

describe('bug 3: the minimal code is shown once', () => {
  it('replaces the plain text with the highlighted copy', async () => {
    const actions: IDetailActions = {
      // like CodeMirror's highlighter: appends highlighted spans to the element
      highlight: async (code, element) => {
        const span = document.createElement('span');
        span.className = 'tok';
        span.textContent = code;
        element.appendChild(span);
      },
      openCode: () => undefined,
      copy: async () => undefined,
      openFile: () => undefined,
      onDelete: () => undefined
    };
    const element = document.createElement('div');
    const root = createRoot(element);
    await act(async () =>
      root.render(
        <ArtifactDetail
          detail={detailOf(artifact('verified'))}
          stale={false}
          model={new ArtifactsModel()}
          actions={actions}
        />
      )
    );
    const pre = element.querySelector('pre[aria-label="Minimal code"]')!;
    expect(pre.textContent).toBe('model = 1');
    expect(pre.querySelector('.tok')).not.toBeNull();
    act(() => root.unmount());
  });
});

describe('bug 4: badges follow the store', () => {
  it('updates the list from the opened detail and re-reads while verification is pending', async () => {
    let status: ArtifactJSON['verification']['status'] = 'pending';
    const api = {
      listArtifacts: jest.fn(async () => ({ artifacts: [artifact(status)] })),
      fetchVersions: jest.fn(),
      fetchArtifact: jest.fn(async () => detailOf(artifact(status))),
      deleteArtifact: jest.fn()
    } as unknown as typeof client;
    const sleeps: number[] = [];
    let wake: () => void = () => undefined;
    const model = new ArtifactsModel(api, ms => {
      sleeps.push(ms);
      return new Promise<void>(resolve => (wake = resolve));
    });
    await model.refresh();
    expect(model.artifacts[0].verification.status).toBe('pending');
    status = 'verified'; // the background verification finished in the store
    wake();
    await new Promise(r => setTimeout(r, 0));
    await new Promise(r => setTimeout(r, 0));
    expect(model.artifacts[0].verification.status).toBe('verified');
    expect(sleeps.length).toBeGreaterThan(0);

    // the detail says "failed" while the list still says "verified": the list follows it
    status = 'failed';
    await model.open('model', 2);
    expect(model.artifacts[0].verification.status).toBe('failed');
  });
});

describe('bug 6: errors are shown', () => {
  const failed: IViewNode = {
    id: 'stmt:3:0',
    kind: 'statement',
    label: "v = d['missing']",
    members: ['stmt:3:0'],
    cellId: 'c',
    stale: true,
    superseded: false,
    data: {
      id: 'stmt:3:0',
      kind: 'statement',
      label: "v = d['missing']",
      error: true,
      exception: "KeyError: 'missing'"
    }
  };

  it('puts the exception of a statement that raised in its tooltip', () => {
    const element = document.createElement('div');
    const root = createRoot(element);
    act(() => root.render(<Tooltip node={failed} x={0} y={0} />));
    expect(element.textContent).toContain("KeyError: 'missing'");
    act(() => root.unmount());
  });

  it('offers the serializer a save error advises, and saves with it', () => {
    expect(
      advisedBackend(
        "SerializationError: no safe serializer for a value of type Foo; pass storage_backend='pickle' (or 'joblib')"
      )
    ).toBe('pickle');
    expect(advisedBackend('NameError: x')).toBeNull();
    expect(saveCode('m', 'model', 'pickle')).toBe(
      '__import__(\'lineage_ext\').save(m, "model", storage_backend="pickle")'
    );
  });
});

describe('bug 7: exporting stale artifacts warns', () => {
  it('names the stale artifacts', () => {
    expect(staleWarning([])).toBeNull();
    expect(staleWarning(['model v2'])).toContain('model v2 is stale');
  });
});

describe('versions side by side, insert-load, show in notebook', () => {
  it('compares the stored summaries and the code of two versions', () => {
    const { VersionCompare } = jest.requireActual<
      typeof import('../widgets/VersionCompare')
    >('../widgets/VersionCompare');
    const older = detailOf({
      ...artifact('verified'),
      version: 1,
      preview: { kind: 'dataframe', shape: [10, 3], columns: ['a', 'b', 'c'] }
    });
    const newer = {
      ...detailOf({
        ...artifact('verified'),
        version: 2,
        preview: { kind: 'dataframe', shape: [10, 2], columns: ['a', 'b'] }
      }),
      code: 'model = 2'
    };
    const element = document.createElement('div');
    const root = createRoot(element);
    act(() =>
      root.render(
        <VersionCompare older={older} newer={newer} onClose={() => undefined} />
      )
    );
    const changed = Array.from(
      element.querySelectorAll('tr.jp-mod-changed th')
    ).map(th => th.textContent);
    expect(changed).toEqual(['shape', 'columns']);
    expect(
      element.querySelector('.jp-LineageCompare-removed')?.textContent
    ).toContain('model = 1');
    expect(
      element.querySelector('.jp-LineageCompare-added')?.textContent
    ).toContain('model = 2');
    act(() => root.unmount());
  });

  it('inserts code that loads exactly this version', () => {
    const { loadCode } = jest.requireActual<
      typeof import('../widgets/ArtifactDetail')
    >('../widgets/ArtifactDetail');
    expect(loadCode('model', 2)).toBe(
      'import lineage_ext\n\nmodel = lineage_ext.get("model", 2).get_value()'
    );
    expect(loadCode('my-model', 3)).toContain(
      'value = lineage_ext.get("my-model", 3)'
    );
  });

  it('finds the cells of a slice in the graph', () => {
    const { sliceCells } =
      jest.requireActual<typeof import('../notebook')>('../notebook');
    const { indexGraph } =
      jest.requireActual<typeof import('../graph/index')>('../graph/index');
    const index = indexGraph(twelveCells().json());
    expect(sliceCells(index, 'var:model_3:1').sort()).toEqual([
      'cell1',
      'cell2',
      'cell3'
    ]);
  });
});
