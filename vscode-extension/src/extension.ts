// Wiring only: output channels, the language client, commands and the preview controller.
import * as vscode from 'vscode';
import type { LanguageClient, Middleware } from 'vscode-languageclient/node';

import { createClient, currentSettings } from './client';
import { parsePreviewArgs, PREVIEW_COMMAND } from './previewArgs';
import { PreviewController } from './preview';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('FlowScript', { log: true });
  const trace = vscode.window.createOutputChannel('FlowScript Trace', { log: true });
  const preview = new PreviewController(() => client, output);
  context.subscriptions.push(output, trace, preview);

  const middleware: Middleware = {
    executeCommand: async (command, args, next) => {
      if (command === PREVIEW_COMMAND) {
        const parsed = parsePreviewArgs(args);
        if (parsed) return preview.run(parsed);
      }
      return next(command, args);
    },
    window: {
      showDocument: async (params, token, next) => {
        if (preview.isPreviewResult(params.uri)) {
          // Opened by PreviewController.run, beside the editor.
          return { success: true };
        }
        return next(params, token);
      },
    },
  };

  const start = async (): Promise<void> => {
    client = await createClient(output, trace, middleware);
    if (client) {
      await client.start();
      output.appendLine('FlowScript language server started.');
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('flowscript.previewNodeAtCursor', () => preview.previewAtCursor()),
    vscode.commands.registerCommand('flowscript.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('flowscript.restartServer', async () => {
      output.appendLine('Restarting the FlowScript language server…');
      const previous = client;
      client = undefined;
      if (previous) await previous.stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration('flowscript')) return;
      if (event.affectsConfiguration('flowscript.interpreter') || event.affectsConfiguration('flowscript.serverArgs')) {
        await vscode.commands.executeCommand('flowscript.restartServer');
      } else if (client) {
        await client.sendNotification('workspace/didChangeConfiguration', { settings: { flowscript: currentSettings() } });
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.commands.executeCommand('flowscript.restartServer')),
    { dispose: () => void client?.stop() },
  );

  await start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}
