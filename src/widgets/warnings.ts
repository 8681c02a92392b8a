/** Texts of the dialogs' warnings and the advice they act on; pure, so jest reads them directly. */

/** The warning shown before exporting stale artifacts (null when none is stale). */
export function staleWarning(stale: string[] | undefined): string | null {
  if (!stale?.length) {
    return null;
  }
  const list = stale.join(', ');
  return stale.length === 1
    ? `${list} is stale: a value it was computed from changed since it was saved. The pipeline recomputes it from the current code; re-run the notebook and save again if that is not what you want.`
    : `${list} are stale: values they were computed from changed since they were saved. The pipeline recomputes them from the current code; re-run the notebook and save again if that is not what you want.`;
}

/**
 * The opt-in serializer a store error advises (`pass storage_backend='pickle' ...`), so
 * the dialog can offer it; null when the error gives no such advice.
 */
export function advisedBackend(error: string | null): string | null {
  const match = /storage_backend\s*=\s*['"]([\w.-]+)['"]/.exec(error ?? '');
  return match ? match[1] : null;
}
