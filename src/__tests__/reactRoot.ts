/**
 * React roots for the jest tests: react-dom ships without types (and @types/react-dom is no
 * dependency), so what the tests use is typed here, and act() is told it runs in a test.
 */
import type React from 'react';

export interface IRoot {
  render(children: React.ReactNode): void;
  unmount(): void;
}

export const { createRoot } = jest.requireActual<{
  createRoot: (container: Element) => IRoot;
}>('react-dom/client');

(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;
