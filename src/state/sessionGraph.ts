/**
 * The session graph as the panel holds it: the graph, its revision and index, and the
 * stale node ids the server or the kernel computed with the one rule (ir/staleness.py).
 * It says how a REST reply or a pushed message changes it; fetching is the model's job.
 */
import type { GraphChangesJSON, GraphJSON, GraphResponse } from '../api/types';
import { applyChanges } from '../graph/changes';
import { IGraphIndex, indexGraph } from '../graph/index';
import type { PushMessage } from '../push';

/**
 * What a pushed message did: applied a change set in place, replaced the graph with the
 * kernel's own, needs a REST read (a gap; `new-session`: the old graph is another
 * session's), or nothing.
 */
export type PushOutcome =
  'applied' | 'replaced' | 'catch-up' | 'new-session' | 'none';

export class SessionGraph {
  get graph(): GraphJSON | null {
    return this._graph;
  }
  get revision(): number | null {
    return this._revision;
  }
  get index(): IGraphIndex | null {
    return this._index;
  }
  get stale(): Set<string> {
    return this._stale;
  }

  /** "name:version" of every stale artifact node, for the artifact browser. */
  get staleArtifacts(): Set<string> {
    if (!this._staleArtifacts) {
      this._staleArtifacts = new Set();
      for (const id of this._stale) {
        const node = this._index?.nodes.get(id);
        if (node?.kind === 'artifact' && node.artifact_name) {
          this._staleArtifacts.add(
            `${node.artifact_name}:${node.artifact_version}`
          );
        }
      }
    }
    return this._staleArtifacts;
  }

  /** Follow another kernel (or recorded notebook path): nothing is known of it yet. */
  follow(kernelId: string | null, storedPath: string | null): void {
    this._kernelId = kernelId;
    this._storedPath = storedPath;
    this._pushBase = null;
    this.set(null, null, []);
  }

  set(
    graph: GraphJSON | null,
    revision: number | null,
    stale: readonly string[]
  ): void {
    this._graph = graph;
    this._revision = revision;
    this._index = graph ? indexGraph(graph) : null;
    this._stale = new Set(graph ? stale : []);
    this._staleArtifacts = null;
  }

  /** A REST reply: taken unless it would go back to an older revision of the same session. */
  adopt(reply: GraphResponse): boolean {
    const current = this._graph;
    const older =
      current !== null &&
      reply.graph !== null &&
      reply.graph.session_id === current.session_id &&
      reply.revision <= current.revision;
    if (!reply.changed || older) {
      // the store may lag the pushed change sets: never go back to an older revision
      return false;
    }
    this.set(reply.graph, reply.graph ? reply.revision : null, reply.stale);
    return true;
  }

  /** A message of the followed kernel's push channel. */
  receive(message: PushMessage): PushOutcome {
    const graph = this._graph;
    if (message.type === 'hello') {
      this._pushBase = {
        session: message.session_id,
        revision: message.revision
      };
      const fresh = message.graph;
      if (
        fresh &&
        (!graph ||
          graph.session_id !== fresh.session_id ||
          fresh.revision > graph.revision)
      ) {
        // the kernel's own graph: no need to wait for its writer to store it
        this.set(fresh, fresh.revision, message.stale ?? []);
        return 'replaced';
      }
      const behind =
        !graph ||
        graph.session_id !== message.session_id ||
        this._revision !== message.revision;
      return !fresh && behind ? this._gap(message.session_id) : 'none';
    }
    const changes = message.changes;
    const base = graph ?? this._emptyFor(changes);
    if (
      base &&
      base.session_id === changes.session_id &&
      base.revision === changes.base_revision
    ) {
      this.set(applyChanges(base, changes), changes.revision, message.stale);
      return 'applied';
    }
    const ahead =
      !base ||
      base.session_id !== changes.session_id ||
      changes.revision > base.revision;
    return ahead ? this._gap(changes.session_id) : 'none';
  }

  private _gap(session: string | null): PushOutcome {
    return this._graph?.session_id !== session ? 'new-session' : 'catch-up';
  }

  /** The empty graph of a session the kernel just started (the hello said where it begins). */
  private _emptyFor(changes: GraphChangesJSON): GraphJSON | null {
    const base = this._pushBase;
    if (
      !base ||
      base.session !== changes.session_id ||
      base.revision !== changes.base_revision
    ) {
      return null;
    }
    return {
      format: 'lineage_ext.graph/1',
      session_id: changes.session_id,
      kernel_id: this._kernelId,
      notebook_path: this._storedPath,
      revision: changes.base_revision,
      nodes: [],
      edges: [],
      cells: []
    };
  }

  private _graph: GraphJSON | null = null;
  private _revision: number | null = null;
  private _index: IGraphIndex | null = null;
  private _stale = new Set<string>();
  private _staleArtifacts: Set<string> | null = null;
  private _kernelId: string | null = null;
  private _storedPath: string | null = null;
  private _pushBase: {
    session: string | null;
    revision: number | null;
  } | null = null;
}
