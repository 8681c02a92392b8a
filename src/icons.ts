/** The extension's icon (a small lineage graph), coloured by the theme. */
import { LabIcon } from '@jupyterlab/ui-components';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <circle cx="5" cy="5" r="2.6"/>
    <circle cx="5" cy="19" r="2.6"/>
    <circle cx="19" cy="12" r="2.6"/>
    <path d="M6.4 6.6 17 11l-.5 1.2L5.9 7.8zM5.9 16.2 16.5 11.8l.5 1.2-10.6 4.4z"/>
  </g>
</svg>`;

export const lineageIcon = new LabIcon({ name: 'lineage:icon', svgstr: svg });
