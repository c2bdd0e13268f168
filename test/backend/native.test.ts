import { describe, it } from 'node:test';
import { getBackendInstance } from '../../src/backend/index.js';
import { runConformanceSuite } from './conformance.js';

/**
 * The native backend is optional at install (no oneDNN or compiler: no addon). Without it this
 * file skips, saying why, unless TENSILE_REQUIRE_NATIVE=1 (set by .ci/run), where it fails.
 */
function unavailableReason(): string | undefined {
  try {
    getBackendInstance('native');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

const reason = unavailableReason();
if (reason === undefined) {
  runConformanceSuite('native');
} else if (process.env['TENSILE_REQUIRE_NATIVE'] === '1') {
  describe('backend conformance: native', () => {
    it('loads (TENSILE_REQUIRE_NATIVE=1)', () => {
      throw new Error(reason);
    });
  });
} else {
  describe('backend conformance: native', () => {
    it('runs when the addon is built', { skip: reason }, () => {});
  });
}
