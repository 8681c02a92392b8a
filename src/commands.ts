/** Command ids and the commands that do not need a notebook model. */
export namespace CommandIDs {
  export const openPanel = 'lineage:open-panel';
  export const saveArtifact = 'lineage:save-artifact';
}
