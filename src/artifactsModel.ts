/**
 * The artifact browser's state: the list (all artifacts or this notebook's, newest first,
 * filtered by a search), the versions of expanded names and the open detail. Signals only.
 */
import { ISignal, Signal } from '@lumino/signaling';

import * as client from './api/client';
import type { ArtifactDetailResponse, ArtifactJSON } from './api/types';
import { isSameNotebook } from './paths';

export type Scope = 'all' | 'notebook';

/**
 * Delays (ms) between re-reads of artifacts still waiting for their verification, which
 * runs in the background after a save; the badges change without a manual refresh.
 */
export const PENDING_RECHECK_MS = [
  500, 1000, 2000, 3000, 5000, 8000, 13000, 20000, 30000
];

const defaultSleep = (ms: number): Promise<void> =>
  new Promise(resolve => setTimeout(resolve, ms));

export class ArtifactsModel {
  constructor(
    api: typeof client = client,
    sleep: (ms: number) => Promise<void> = defaultSleep
  ) {
    this._api = api;
    this._sleep = sleep;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }
  get artifacts(): ArtifactJSON[] {
    return this._artifacts;
  }
  get search(): string {
    return this._search;
  }
  get scope(): Scope {
    return this._scope;
  }
  get error(): string | null {
    return this._error;
  }
  get detail(): ArtifactDetailResponse | null {
    return this._detail;
  }
  get versions(): Map<string, ArtifactJSON[]> {
    return this._versions;
  }

  /** The notebook whose artifacts "this notebook" shows. */
  setNotebookPath(path: string | null): void {
    this._path = path;
    if (this._scope === 'notebook') {
      void this.refresh();
    }
  }

  setSearch(search: string): void {
    this._search = search;
    void this.refresh();
  }

  setScope(scope: Scope): void {
    this._scope = scope;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const ticket = ++this._ticket;
    try {
      // the kernel records absolute notebook paths, the browser knows API paths: match here
      const reply = await this._api.listArtifacts({
        search: this._search,
        latest: true
      });
      if (ticket !== this._ticket) {
        return;
      }
      const path = this._path;
      this._artifacts =
        this._scope === 'all'
          ? reply.artifacts
          : reply.artifacts.filter(
              a => path !== null && isSameNotebook(a.notebook_path, path)
            );
      this._error = null;
      for (const name of [...this._versions.keys()]) {
        await this.loadVersions(name, false);
      }
      if (this._detail) {
        const shown = this._artifacts.find(
          a => a.name === this._detail!.artifact.name
        );
        if (shown && shown.version === this._detail.artifact.version) {
          this._detail = { ...this._detail, artifact: shown };
        }
      }
    } catch (reason) {
      this._error = (reason as Error).message;
    }
    this._changed.emit();
    this._watchPending();
  }

  /** Put a newer copy of an artifact everywhere it is shown: list, versions, detail. */
  update(artifact: ArtifactJSON): void {
    const same = (a: ArtifactJSON): boolean =>
      a.name === artifact.name && a.version === artifact.version;
    this._artifacts = this._artifacts.map(a => (same(a) ? artifact : a));
    const versions = this._versions.get(artifact.name);
    if (versions) {
      this._versions.set(
        artifact.name,
        versions.map(a => (same(a) ? artifact : a))
      );
    }
    if (this._detail && same(this._detail.artifact)) {
      this._detail = { ...this._detail, artifact };
    }
    this._changed.emit();
  }

  /** Whether something shown still waits for its verification. */
  get hasPending(): boolean {
    const shown = [
      ...this._artifacts,
      ...[...this._versions.values()].flat(),
      ...(this._detail ? [this._detail.artifact] : [])
    ];
    return shown.some(a => a.verification.status === 'pending');
  }

  /** Re-read the list while a verification is pending, backing off; one watcher at a time. */
  private _watchPending(): void {
    if (this._watching || !this.hasPending) {
      return;
    }
    this._watching = true;
    void (async () => {
      try {
        for (const delay of PENDING_RECHECK_MS) {
          await this._sleep(delay);
          await this._recheck();
          if (!this.hasPending) {
            return;
          }
        }
      } finally {
        this._watching = false;
      }
    })();
  }

  private async _recheck(): Promise<void> {
    await this.refresh();
    const open = this._detail?.artifact;
    if (open?.verification.status === 'pending') {
      const fresh = await this._api
        .fetchArtifact(open.name, open.version)
        .catch(() => null);
      if (fresh) {
        this.update(fresh.artifact);
      }
    }
  }

  /** Expand or collapse a name's versions (expand fetches them). */
  async toggleVersions(name: string): Promise<void> {
    if (this._versions.has(name)) {
      this._versions.delete(name);
      this._changed.emit();
      return;
    }
    await this.loadVersions(name, true);
  }

  async loadVersions(name: string, emit: boolean): Promise<void> {
    try {
      const reply = await this._api.fetchVersions(name);
      this._versions.set(name, reply.versions);
    } catch {
      this._versions.delete(name); // deleted meanwhile
    }
    if (emit) {
      this._changed.emit();
    }
  }

  async open(name: string, version: number | 'latest'): Promise<void> {
    try {
      this._detail = await this._api.fetchArtifact(name, version);
      this._error = null;
      this.update(this._detail.artifact); // the list shows what the detail shows
    } catch (reason) {
      this._error = (reason as Error).message;
    }
    this._changed.emit();
    this._watchPending();
  }

  /** Another version's detail, without opening it (for comparisons). */
  fetchDetail(
    name: string,
    version: number | 'latest'
  ): Promise<ArtifactDetailResponse> {
    return this._api.fetchArtifact(name, version);
  }

  closeDetail(): void {
    this._detail = null;
    this._changed.emit();
  }

  /** Delete one version or all; the list and an open detail follow. */
  async remove(name: string, version: number | 'all'): Promise<number[]> {
    const reply = await this._api.deleteArtifact(name, version);
    const open = this._detail?.artifact;
    if (
      open &&
      open.name === name &&
      reply.deleted_versions.includes(open.version)
    ) {
      this._detail = null;
    }
    if (version === 'all') {
      this._versions.delete(name);
    }
    await this.refresh();
    return reply.deleted_versions;
  }

  private _api: typeof client;
  private _changed = new Signal<this, void>(this);
  private _artifacts: ArtifactJSON[] = [];
  private _versions = new Map<string, ArtifactJSON[]>();
  private _detail: ArtifactDetailResponse | null = null;
  private _search = '';
  private _scope: Scope = 'all';
  private _path: string | null = null;
  private _error: string | null = null;
  private _ticket = 0;
  private _sleep: (ms: number) => Promise<void>;
  private _watching = false;
}
