/**
 * Runs in other systems (MLflow) that saved or loaded this artifact version: a link to each run's
 * page when the server knows its address, else the run id to copy.
 */
import React from 'react';

import type { ArtifactLinkJSON } from '../api/types';

const SYSTEM_LABELS: Record<string, string> = { mlflow: 'MLflow run' };
const RELATION_LABELS: Record<ArtifactLinkJSON['relation'], string> = {
  output: 'saved in',
  input: 'loaded in'
};

export function RunLinks(props: {
  links: ArtifactLinkJSON[];
}): JSX.Element | null {
  if (props.links.length === 0) {
    return null;
  }
  return (
    <>
      <h4>Runs</h4>
      <ul className="jp-LineageDetail-runs">
        {props.links.map(link => {
          const label = `${RELATION_LABELS[link.relation]} ${SYSTEM_LABELS[link.system] ?? link.system}`;
          return (
            <li key={`${link.system}:${link.relation}:${link.ref}`}>
              {label}{' '}
              {link.url ? (
                <a href={link.url} target="_blank" rel="noopener noreferrer">
                  {link.ref}
                </a>
              ) : (
                <code>{link.ref}</code>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
