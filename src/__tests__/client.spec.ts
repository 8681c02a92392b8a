import * as client from '../api/client';
import { requestAPI } from '../api/request';
import type { StatusResponse } from '../api/types';

jest.mock('../api/request');

const mockedRequest = requestAPI as jest.MockedFunction<typeof requestAPI>;

describe('api client', () => {
  beforeEach(() => mockedRequest.mockReset());

  it('fetches the status from the status endpoint', async () => {
    const status: StatusResponse = {
      version: '0.1.0',
      store_uri: '/tmp/store',
      blob_uri: '/tmp/store/blobs',
      python: '3.11.7',
      kernels_running: 2,
      kernels_traced: 1,
      sessions_recorded: 3
    };
    mockedRequest.mockResolvedValueOnce(status);
    await expect(client.fetchStatus()).resolves.toEqual(status);
    expect(mockedRequest).toHaveBeenCalledWith('status');
  });

  it('asks for the graph by kernel with the last revision', async () => {
    mockedRequest.mockResolvedValue({
      changed: false,
      revision: 3,
      session_id: 's',
      graph: null
    });
    await client.fetchGraph({ kernelId: 'k-1', since: 3 });
    expect(mockedRequest).toHaveBeenLastCalledWith(
      'graph?kernel_id=k-1&since=3'
    );
    await client.fetchGraph({ path: 'dir/a b.ipynb', since: null });
    expect(mockedRequest).toHaveBeenLastCalledWith(
      'graph?path=dir%2Fa+b.ipynb'
    );
  });

  it('lists, opens and deletes artifacts with encoded names', async () => {
    mockedRequest.mockResolvedValue({});
    await client.listArtifacts({ search: 'df', latest: true });
    expect(mockedRequest).toHaveBeenLastCalledWith('artifacts?q=df&latest=1');
    await client.listArtifacts();
    expect(mockedRequest).toHaveBeenLastCalledWith('artifacts');
    await client.fetchVersions('my model');
    expect(mockedRequest).toHaveBeenLastCalledWith('artifacts/my%20model');
    await client.fetchArtifact('a?b', 'latest');
    expect(mockedRequest).toHaveBeenLastCalledWith('artifacts/a%3Fb/latest');
    await client.deleteArtifact('x', 2);
    expect(mockedRequest).toHaveBeenLastCalledWith('artifacts/x/2', {
      method: 'DELETE'
    });
    await client.deleteArtifact('x', 'all');
    expect(mockedRequest).toHaveBeenLastCalledWith('artifacts/x/all', {
      method: 'DELETE'
    });
  });

  it('posts exports and lists parameters for several artifacts', async () => {
    mockedRequest.mockResolvedValue({});
    await client.fetchParameterCandidates([
      { name: 'a', version: 1 },
      { name: 'b', version: null }
    ]);
    expect(mockedRequest).toHaveBeenLastCalledWith(
      'export/parameters?artifact=a%3A1&artifact=b'
    );
    const body = {
      artifacts: [{ name: 'a', version: 1 }],
      framework: 'SCRIPT',
      pipeline_name: 'p',
      output_dir: 'out',
      input_parameters: [],
      reuse_pre_computed_artifacts: [],
      generate_test: false,
      overwrite: false,
      pipeline_dag_config: {}
    };
    await client.exportPipeline(body);
    expect(mockedRequest).toHaveBeenLastCalledWith('export', {
      method: 'POST',
      body: JSON.stringify(body)
    });
  });

  it('passes server errors through', async () => {
    mockedRequest.mockRejectedValueOnce(new Error('artifact "nope" not found'));
    await expect(client.fetchArtifact('nope', 1)).rejects.toThrow('not found');
  });
});
