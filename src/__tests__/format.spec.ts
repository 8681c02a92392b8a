import type { ArtifactJSON } from '../api/types';
import { verificationDetail, verificationLabel } from '../widgets/format';
import { artifactJSON } from './fixtures';

function withVerification(
  status: ArtifactJSON['verification']['status'],
  reason: string | null
): ArtifactJSON {
  return artifactJSON({
    name: 'data',
    date_created: '2026-12-04T21:00:00+00:00',
    type_name: 'list',
    size_bytes: 6,
    node_id: 'var:data:1',
    variable_name: 'data',
    verification: { status, reason }
  });
}

describe('verification state', () => {
  it('labels a repaired slice and says what was added', () => {
    const reason =
      'repaired: the slice recomputes a different value; added 1 statement(s): helper.bump() (method call)';
    const artifact = withVerification('repaired', reason);
    expect(verificationLabel(artifact)).toBe('repaired');
    expect(verificationDetail(artifact)).toBe(reason);
  });

  it('shows why a failed slice failed, and nothing extra when verified', () => {
    expect(verificationLabel(withVerification('failed', 'x'))).toBe(
      'verification failed'
    );
    expect(verificationDetail(withVerification('failed', 'it raised'))).toBe(
      'it raised'
    );
    expect(verificationLabel(withVerification('verified', null))).toBe(
      'verified'
    );
    expect(verificationDetail(withVerification('verified', null))).toBeNull();
  });
});
