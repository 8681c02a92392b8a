import type * as client from '../api/client';
import type { ArtifactJSON } from '../api/types';
import { ArtifactsModel } from '../artifactsModel';
import { isSameNotebook, storedNotebookPath } from '../paths';
import { artifactJSON } from './fixtures';

function artifact(
  name: string,
  version: number,
  notebook: string | null
): ArtifactJSON {
  return artifactJSON({ name, version, notebook_path: notebook });
}

function fakeApi(): jest.Mocked<
  Pick<
    typeof client,
    'listArtifacts' | 'fetchVersions' | 'fetchArtifact' | 'deleteArtifact'
  >
> {
  const store = [
    artifact('b', 2, '/root/dir/nb.ipynb'),
    artifact('a', 1, '/root/other.ipynb')
  ];
  return {
    listArtifacts: jest.fn(async () => ({ artifacts: [...store] })),
    fetchVersions: jest.fn(async (name: string) => ({
      name,
      versions: [artifact(name, 2, null), artifact(name, 1, null)]
    })),
    fetchArtifact: jest.fn(
      async (name: string, version: number | 'latest') => ({
        artifact: artifact(name, version === 'latest' ? 2 : version, null),
        code: 'x = 1',
        code_error: null,
        links: []
      })
    ),
    deleteArtifact: jest.fn(
      async (name: string, version: number | 'latest' | 'all') => {
        store.splice(0, store.length, ...store.filter(a => a.name !== name));
        return {
          name,
          deleted_versions: version === 'all' ? [1, 2] : [version as number]
        };
      }
    )
  };
}

describe('ArtifactsModel', () => {
  it('lists all artifacts or only this notebook’s', async () => {
    const api = fakeApi();
    const model = new ArtifactsModel(api as unknown as typeof client);
    await model.refresh();
    expect(model.artifacts.map(a => a.name)).toEqual(['b', 'a']);
    model.setNotebookPath('dir/nb.ipynb');
    model.setScope('notebook');
    await new Promise(r => setTimeout(r, 0));
    expect(model.artifacts.map(a => a.name)).toEqual(['b']);
    model.setSearch('zz');
    await new Promise(r => setTimeout(r, 0));
    expect(api.listArtifacts).toHaveBeenLastCalledWith({
      search: 'zz',
      latest: true
    });
  });

  it('expands versions, opens a detail and closes it when that version is deleted', async () => {
    const api = fakeApi();
    const model = new ArtifactsModel(api as unknown as typeof client);
    await model.refresh();
    await model.toggleVersions('b');
    expect(model.versions.get('b')!.map(v => v.version)).toEqual([2, 1]);
    await model.open('b', 2);
    expect(model.detail?.code).toBe('x = 1');
    await expect(model.remove('b', 2)).resolves.toEqual([2]);
    expect(model.detail).toBeNull();
    expect(model.artifacts.map(a => a.name)).toEqual(['a']);
    await model.toggleVersions('b');
    expect(model.versions.has('b')).toBe(false);
  });

  it('matches notebook paths as the kernel records them', () => {
    expect(storedNotebookPath('dir/nb.ipynb', '/home/u/work/')).toBe(
      '/home/u/work/dir/nb.ipynb'
    );
    expect(storedNotebookPath('nb.ipynb', '~/work')).toBe('nb.ipynb');
    expect(isSameNotebook('/home/u/dir/nb.ipynb', 'dir/nb.ipynb')).toBe(true);
    expect(isSameNotebook('dir/nb.ipynb', 'dir/nb.ipynb')).toBe(true);
    expect(isSameNotebook('/home/u/xdir/nb.ipynb', 'dir/nb.ipynb')).toBe(false);
    expect(isSameNotebook(null, 'nb.ipynb')).toBe(false);
  });
});
