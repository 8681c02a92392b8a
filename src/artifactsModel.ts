/**
 * The artifact browser's state: the list (all artifacts or this notebook's, newest first,
 * filtered by a search), the versions of expanded names and the open detail. Signals only.
 */
import { ISignal, Signal } from '@lumino/signaling';

import * as client from './api/client';
import type { ArtifactDetailResponse, ArtifactJSON } from './api/types';
import { isSameNotebook } from './paths';

export type Scope = 'all' | 'notebook';

export class ArtifactsModel {
  constructor(api: typeof client = client) {
    this._api = api;
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
    } catch (reason) {
      this._error = (reason as Error).message;
    }
    this._changed.emit();
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
    } catch (reason) {
      this._error = (reason as Error).message;
    }
    this._changed.emit();
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
}
