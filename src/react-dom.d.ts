/** react-dom ships without types here (no @types/react-dom): the one function the panel uses. */
declare module 'react-dom' {
  export function flushSync<R>(fn: () => R): R;
}
