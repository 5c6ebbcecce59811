import assert from 'node:assert/strict';
import { test } from 'node:test';

import { installCheckArgs, installHint, resolveServerCommand, SERVER_MODULE_ARGS } from '../src/interpreter';

test('the interpreter setting wins and keeps its leading arguments', () => {
  const command = resolveServerCommand({
    setting: ['/opt/py/bin/python', '-X', 'utf8'],
    pythonExtensionPath: '/usr/bin/python3.12',
    serverArgs: ['--log-level', 'debug'],
  });
  assert.equal(command.source, 'setting');
  assert.equal(command.command, '/opt/py/bin/python');
  assert.deepEqual(command.args, ['-X', 'utf8', ...SERVER_MODULE_ARGS, '--log-level', 'debug']);
  assert.deepEqual(installCheckArgs(command).slice(0, 3), ['-X', 'utf8', '-c']);
});

test('blank setting entries are ignored and the Python extension is used next', () => {
  const command = resolveServerCommand({ setting: ['  ', ''], pythonExtensionPath: ' /venv/bin/python ' });
  assert.equal(command.source, 'python-extension');
  assert.equal(command.command, '/venv/bin/python');
  assert.deepEqual(command.args, [...SERVER_MODULE_ARGS]);
  assert.equal(installCheckArgs(command)[0], '-c');
});

test('python3 is the last resort', () => {
  const command = resolveServerCommand({ setting: [] });
  assert.equal(command.source, 'default');
  assert.equal(command.command, 'python3');
  assert.equal(installHint(command), 'python3 -m pip install flowscript-lsp');
});
