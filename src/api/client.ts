/** Typed calls of the lineage REST API, one function per endpoint. */
import { requestAPI } from './request';
import type { StatusResponse } from './types';

export function fetchStatus(): Promise<StatusResponse> {
  return requestAPI<StatusResponse>('status');
}
