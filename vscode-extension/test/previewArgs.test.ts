import assert from 'node:assert/strict';
import { test } from 'node:test';

import { describeSummary, parsePreviewArgs, summarizePreviewResult } from '../src/previewArgs';

test('object and positional argument shapes', () => {
  assert.deepEqual(parsePreviewArgs([{ uri: 'file:///a.flow.md', nodeId: 'x', allowSideEffects: true }]), {
    uri: 'file:///a.flow.md',
    nodeId: 'x',
    allowSideEffects: true,
  });
  assert.deepEqual(parsePreviewArgs(['file:///a.flow.md', 'y']), { uri: 'file:///a.flow.md', nodeId: 'y' });
  assert.equal(parsePreviewArgs([{ uri: 1 }]), undefined);
  assert.equal(parsePreviewArgs([]), undefined);
});

test('a successful result is summarised with its duration and file', () => {
  const summary = summarizePreviewResult(
    { nodeId: 'digest', status: 'ok', durationMs: 12.4, output: 'x', resultPath: '/w/.flowscript/preview/f/digest.json' },
    'fallback',
  );
  assert.equal(summary.status, 'ok');
  assert.equal(summary.resultPath, '/w/.flowscript/preview/f/digest.json');
  assert.equal(describeSummary(summary), 'Preview of "digest": ok in 12 ms');
});

test('an error result names its code', () => {
  const summary = summarizePreviewResult(
    { nodeId: 'passwd', status: 'error', error: { code: 'RUNTIME_PATH_TRAVERSAL', message: 'Path traversal not allowed' } },
    'passwd',
  );
  assert.equal(describeSummary(summary), 'Preview of "passwd": error — RUNTIME_PATH_TRAVERSAL: Path traversal not allowed');
  assert.equal(summarizePreviewResult(null, 'n').status, 'unknown');
});
