import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');

function collectRegexes(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((item) => collectRegexes(item, out));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'match' || key === 'begin' || key === 'end') && typeof value === 'string') out.push(value);
      else collectRegexes(value, out);
    }
  }
}

test('the grammar declares its scope and every include resolves', () => {
  const grammar = JSON.parse(readFileSync(join(root, 'syntaxes', 'flowscript.tmLanguage.json'), 'utf8'));
  assert.equal(grammar.scopeName, 'text.flowscript');
  const text = JSON.stringify(grammar);
  for (const match of text.matchAll(/"include":"#([\w-]+)"/g)) {
    assert.ok(grammar.repository[match[1]!], `missing repository entry ${match[1]}`);
  }
  const regexes: string[] = [];
  collectRegexes(grammar, regexes);
  assert.ok(regexes.length > 20);
});

test('the package contributes the language for *.flow.md only', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'flowscript');
  assert.deepEqual(language.filenamePatterns, ['*.flow.md']);
  assert.equal(language.extensions, undefined, 'plain .md files must stay Markdown');
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('the language configuration is valid JSON with block comments', () => {
  const config = JSON.parse(readFileSync(join(root, 'language-configuration.json'), 'utf8'));
  assert.deepEqual(config.comments.blockComment, ['<!--', '-->']);
  for (const rule of config.onEnterRules) new RegExp(rule.beforeText);
});
