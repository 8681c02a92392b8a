/** Small display helpers shared by the artifact views. */
import type { ArtifactJSON } from '../api/types';

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
  not_applicable: 'no code'
};

export function verificationLabel(artifact: ArtifactJSON): string {
  return (
    VERIFICATION_LABELS[artifact.verification.status] ??
    artifact.verification.status
  );
}
