/** Small display helpers shared by the artifact and call-trace views. */
import type { ArtifactJSON, ValueJSON } from '../api/types';

export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export const artifactKey = (a: { name: string; version: number }): string =>
  `${a.name}:${a.version}`;

const VERIFICATION_LABELS: Record<
  ArtifactJSON['verification']['status'],
  string
> = {
  pending: 'not verified yet',
  verified: 'verified',
  failed: 'verification failed',
  not_applicable: 'no code',
  repaired: 'repaired'
};

export function verificationLabel(artifact: ArtifactJSON): string {
  return (
    VERIFICATION_LABELS[artifact.verification.status] ??
    artifact.verification.status
  );
}

/** What the detail shows under the verification status: what a repair added, or why it failed. */
export function verificationDetail(artifact: ArtifactJSON): string | null {
  const { status, reason } = artifact.verification;
  return status === 'repaired' || status === 'failed' ? reason : null;
}

const DURATION_UNITS: [string, number][] = [
  ['ns', 1],
  ['µs', 1e3],
  ['ms', 1e6],
  ['s', 1e9]
];

/** Three significant digits at most, without trailing noise: 4.08, 15.6, 270. */
function threeDigits(value: number): string {
  return value < 10
    ? value.toFixed(2)
    : value < 100
      ? value.toFixed(1)
      : value.toFixed(0);
}

/** A duration in nanoseconds as ns, µs, ms, s or min + s; null (not finished) as "—". */
export function formatDuration(ns: number | null | undefined): string {
  if (ns === null || ns === undefined || !Number.isFinite(ns) || ns < 0) {
    return '—';
  }
  if (ns < 1000) {
    return `${Math.round(ns)} ns`;
  }
  if (ns >= 60e9) {
    const seconds = Math.round(ns / 1e9);
    return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  }
  for (let i = 1; i < DURATION_UNITS.length; i++) {
    const [unit, scale] = DURATION_UNITS[i];
    const text = threeDigits(ns / scale);
    // 999.7 µs rounds to "1000": say "1.00 ms" instead
    if (Number(text) < 1000 || i === DURATION_UNITS.length - 1) {
      return `${text} ${unit}`;
    }
  }
  return `${ns} ns`; // not reached: the last unit always returns
}

/** At most `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What a captured value is besides its preview: shape and dtype, or length. */
export function valueMeta(value: ValueJSON): string {
  const parts: string[] = [];
  if (value.shape) {
    parts.push(`shape (${value.shape.join(', ')})`);
  }
  if (value.dtype) {
    parts.push(`dtype ${value.dtype}`);
  }
  if (!value.shape && value.length !== undefined) {
    parts.push(`len ${value.length}`);
  }
  return parts.join(' · ');
}
