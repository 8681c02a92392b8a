/**
 * The detail view's MLflow run links: a link when the server knows the run's address, the run id
 * otherwise, and nothing at all for artifacts without runs.
 */
import React, { act } from 'react';

import { RunLinks } from '../widgets/RunLinks';
import { createRoot } from './reactRoot';

function render(element: React.ReactElement): HTMLElement {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = createRoot(host);
  act(() => root.render(element));
  return host;
}

describe('RunLinks', () => {
  it('links runs with an address and shows the id of the others', () => {
    const host = render(
      <RunLinks
        links={[
          {
            system: 'mlflow',
            relation: 'output',
            ref: 'abc123',
            url: 'http://127.0.0.1:5000/#/experiments/1/runs/abc123'
          },
          { system: 'mlflow', relation: 'input', ref: 'def456', url: null }
        ]}
      />
    );
    const items = Array.from(host.querySelectorAll('li'));
    expect(items.map(item => item.textContent)).toEqual([
      'saved in MLflow run abc123',
      'loaded in MLflow run def456'
    ]);
    const anchor = items[0].querySelector('a');
    expect(anchor?.getAttribute('href')).toBe(
      'http://127.0.0.1:5000/#/experiments/1/runs/abc123'
    );
    expect(anchor?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(items[1].querySelector('a')).toBeNull();
  });

  it('renders nothing without runs', () => {
    const host = render(<RunLinks links={[]} />);
    expect(host.innerHTML).toBe('');
  });
});
