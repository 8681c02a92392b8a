import { fetchStatus } from '../api/client';
import { requestAPI } from '../api/request';
import type { StatusResponse } from '../api/types';

jest.mock('../api/request');

const mockedRequest = requestAPI as jest.MockedFunction<typeof requestAPI>;

describe('api client', () => {
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
    await expect(fetchStatus()).resolves.toEqual(status);
    expect(mockedRequest).toHaveBeenCalledWith('status');
  });
});
