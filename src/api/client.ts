/** Typed calls of the lineage REST API, one function per endpoint. */
import { requestAPI } from './request';
import type {
  ArtifactDetailResponse,
  ArtifactListResponse,
  ArtifactVersionsResponse,
  DeleteResponse,
  ExportRequest,
  ExportResponse,
  FrameworksResponse,
  GraphResponse,
  ParameterCandidatesResponse,
  StatusResponse,
  TraceResponse
} from './types';

/** Query string from the defined, non-empty values (repeated keys for arrays). */
export function queryString(
  params: Record<
    string,
    string | number | boolean | string[] | null | undefined
  >
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      value.forEach(item => search.append(key, item));
    } else if (value !== null && value !== undefined && value !== '') {
      search.append(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const artifactPath = (name: string, version?: number | string): string =>
  `artifacts/${encodeURIComponent(name)}` +
  (version === undefined ? '' : `/${encodeURIComponent(String(version))}`);

export function fetchStatus(): Promise<StatusResponse> {
  return requestAPI<StatusResponse>('status');
}

export interface IGraphQuery {
  path?: string | null;
  kernelId?: string | null;
  since?: number | null;
}

export function fetchGraph(query: IGraphQuery): Promise<GraphResponse> {
  const qs = queryString({
    path: query.path,
    kernel_id: query.kernelId,
    since: query.since
  });
  return requestAPI<GraphResponse>(`graph${qs}`);
}

/** One call trace by id (the `trace_id` of a graph's trace node). */
export function fetchTrace(traceId: string): Promise<TraceResponse> {
  return requestAPI<TraceResponse>(`traces/${encodeURIComponent(traceId)}`);
}

export interface IArtifactQuery {
  search?: string;
  path?: string | null;
  latest?: boolean;
}

export function listArtifacts(
  query: IArtifactQuery = {}
): Promise<ArtifactListResponse> {
  const qs = queryString({
    q: query.search,
    path: query.path,
    latest: query.latest ? 1 : null
  });
  return requestAPI<ArtifactListResponse>(`artifacts${qs}`);
}

export function fetchVersions(name: string): Promise<ArtifactVersionsResponse> {
  return requestAPI<ArtifactVersionsResponse>(artifactPath(name));
}

export function fetchArtifact(
  name: string,
  version: number | 'latest'
): Promise<ArtifactDetailResponse> {
  return requestAPI<ArtifactDetailResponse>(artifactPath(name, version));
}

export function deleteArtifact(
  name: string,
  version: number | 'latest' | 'all'
): Promise<DeleteResponse> {
  return requestAPI<DeleteResponse>(artifactPath(name, version), {
    method: 'DELETE'
  });
}

export function fetchFrameworks(): Promise<FrameworksResponse> {
  return requestAPI<FrameworksResponse>('export/frameworks');
}

export function fetchParameterCandidates(
  artifacts: { name: string; version: number | null }[]
): Promise<ParameterCandidatesResponse> {
  const refs = artifacts.map(a =>
    a.version === null ? a.name : `${a.name}:${a.version}`
  );
  return requestAPI<ParameterCandidatesResponse>(
    `export/parameters${queryString({ artifact: refs })}`
  );
}

export function exportPipeline(body: ExportRequest): Promise<ExportResponse> {
  return requestAPI<ExportResponse>('export', {
    method: 'POST',
    body: JSON.stringify(body)
  });
}
