import assert from 'node:assert/strict';
import { test } from 'node:test';

import { readServerSettings, type SettingGetter } from '../src/settings';

function getter(values: Record<string, unknown>): SettingGetter {
  return <T>(key: string, fallback: T): T => (key in values ? (values[key] as T) : fallback);
}

test('defaults', () => {
  assert.deepEqual(readServerSettings(getter({}), true), {
    pathBase: 'workflow',
    diagnosticsDelayMs: 200,
    preview: { enabled: true, timeoutSeconds: 30 },
  });
});

test('values are forwarded and invalid ones fall back to defaults', () => {
  const settings = readServerSettings(
    getter({ pathBase: 'workspace', 'diagnostics.debounceMs': -5, 'preview.timeoutSeconds': 12 }),
    true,
  );
  assert.equal(settings.pathBase, 'workspace');
  assert.equal(settings.diagnosticsDelayMs, 200);
  assert.equal(settings.preview.timeoutSeconds, 12);
  assert.equal(readServerSettings(getter({ pathBase: 'elsewhere' }), true).pathBase, 'workflow');
});

test('preview is disabled in an untrusted workspace', () => {
  assert.equal(readServerSettings(getter({}), false).preview.enabled, false);
});
