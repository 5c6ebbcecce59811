// Starting, stopping and restarting the language client.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { installCheckArgs, installHint, resolveServerCommand, type ServerCommand } from './interpreter';
import { readServerSettings } from './settings';

export const CLIENT_ID = 'flowscript';
export const CLIENT_NAME = 'FlowScript Language Server';

interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
  };
}

async function pythonExtensionInterpreter(): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    return api?.environments?.getActiveEnvironmentPath(vscode.workspace.workspaceFolders?.[0]?.uri)?.path;
  } catch {
    return undefined;
  }
}

export async function serverCommand(): Promise<ServerCommand> {
  const config = vscode.workspace.getConfiguration('flowscript');
  return resolveServerCommand({
    setting: config.get<string[]>('interpreter', []),
    pythonExtensionPath: await pythonExtensionInterpreter(),
    serverArgs: config.get<string[]>('serverArgs', []),
  });
}

function checkInstalled(command: ServerCommand): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command.command, installCheckArgs(command), { timeout: 20000 }, (error, _stdout, stderr) => {
      resolve(error ? (stderr || error.message).trim() : undefined);
    });
  });
}

export function currentSettings(): ReturnType<typeof readServerSettings> {
  const config = vscode.workspace.getConfiguration('flowscript');
  return readServerSettings((key, fallback) => config.get(key, fallback), vscode.workspace.isTrusted);
}

export async function createClient(
  output: vscode.LogOutputChannel,
  traceOutput: vscode.LogOutputChannel,
  middleware: Middleware,
): Promise<LanguageClient | undefined> {
  const command = await serverCommand();
  output.appendLine(`Starting the server with ${command.command} ${command.args.join(' ')} (${command.source})`);
  const problem = await checkInstalled(command);
  if (problem !== undefined) {
    output.appendLine(`The flowscript-lsp package is not usable with ${command.command}: ${problem}`);
    const hint = installHint(command);
    const choice = await vscode.window.showErrorMessage(
      `FlowScript: the language server is not installed for ${command.command}. Install it with: ${hint}`,
      'Copy install command',
      'Choose interpreter',
    );
    if (choice === 'Copy install command') {
      await vscode.env.clipboard.writeText(hint);
    } else if (choice === 'Choose interpreter') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'flowscript.interpreter');
    }
    return undefined;
  }
  const serverOptions: ServerOptions = {
    command: command.command,
    args: command.args,
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'flowscript' },
      { scheme: 'untitled', language: 'flowscript' },
    ],
    outputChannel: output,
    traceOutputChannel: traceOutput,
    initializationOptions: currentSettings(),
    // The server re-checks flows when a sub-workflow or the shared config file changes on disk.
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.flow.md'),
        vscode.workspace.createFileSystemWatcher('**/{flowscript.toml,pyproject.toml}'),
      ],
    },
    middleware,
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
