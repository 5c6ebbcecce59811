// "Preview node" in VS Code: trust check, side-effect confirmation, a cancellable progress notification, and the
// result opened beside the editor.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

import { nodeIdAt } from './nodeAt';
import { describeSummary, parsePreviewArgs, PREVIEW_COMMAND, type PreviewArgs, summarizePreviewResult } from './previewArgs';

export class PreviewController {
  private readonly status: vscode.StatusBarItem;

  constructor(
    private readonly getClient: () => LanguageClient | undefined,
    private readonly output: vscode.OutputChannel,
  ) {
    this.status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  }

  dispose(): void {
    this.status.dispose();
  }

  /** Command palette / context menu: preview the node under the cursor. */
  async previewAtCursor(): Promise<unknown> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'flowscript') {
      void vscode.window.showWarningMessage('FlowScript: open a .flow.md file and put the cursor on a node.');
      return undefined;
    }
    const args = (await this.previewArgsFromServer(editor)) ?? this.previewArgsFromText(editor);
    if (!args) {
      void vscode.window.showWarningMessage('FlowScript: no node with an id at the cursor.');
      return undefined;
    }
    return this.run(args);
  }

  /** Called for the server command (code lens, code action) through the client middleware. */
  async run(args: PreviewArgs): Promise<unknown> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('FlowScript: node preview is disabled in untrusted workspaces.');
      return undefined;
    }
    const client = this.getClient();
    if (!client) {
      void vscode.window.showErrorMessage('FlowScript: the language server is not running.');
      return undefined;
    }
    if (args.allowSideEffects) {
      const confirmed = await vscode.window.showWarningMessage(
        `Run "${args.nodeId}" for real? Its side effects (writes, requests) will happen.`,
        { modal: true },
        'Run with side effects',
      );
      if (confirmed !== 'Run with side effects') return undefined;
    }
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Previewing ${args.nodeId}…`, cancellable: true },
      (_progress, token) =>
        client.sendRequest(ExecuteCommandRequest.type, { command: PREVIEW_COMMAND, arguments: [args] }, token),
    );
    const summary = summarizePreviewResult(result, args.nodeId);
    const text = describeSummary(summary);
    this.output.appendLine(text);
    this.status.text = `$(beaker) ${summary.nodeId}: ${summary.status}`;
    this.status.tooltip = text;
    this.status.show();
    await this.openResult(summary.resultPath, result);
    if (summary.errorMessage) {
      void vscode.window.showWarningMessage(text);
    } else {
      void vscode.window.showInformationMessage(text);
    }
    return result;
  }

  /** Open the result file (or, without one, the result as an untitled JSON document) beside the editor. */
  async openResult(resultPath: string | undefined, result: unknown): Promise<void> {
    const where = vscode.workspace.getConfiguration('flowscript').get<string>('preview.openResult', 'beside');
    if (where === 'none') return;
    const column = where === 'beside' ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    let document: vscode.TextDocument;
    if (resultPath) {
      const uri = resultPath.includes('://') ? vscode.Uri.parse(resultPath) : vscode.Uri.file(resultPath);
      document = await vscode.workspace.openTextDocument(uri);
    } else {
      document = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(result, null, 2) });
    }
    await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: true, preview: true });
  }

  /** Whether a `window/showDocument` request from the server is a preview result we open ourselves. */
  isPreviewResult(uri: string): boolean {
    return /[\\/]\.flowscript[\\/]preview[\\/]/.test(uri);
  }

  private async previewArgsFromServer(editor: vscode.TextEditor): Promise<PreviewArgs | undefined> {
    const range = new vscode.Range(editor.selection.active, editor.selection.active);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      range,
    );
    for (const action of actions ?? []) {
      const command = 'command' in action && typeof action.command === 'object' ? action.command : (action as vscode.Command);
      if (command && command.command === PREVIEW_COMMAND) {
        const parsed = parsePreviewArgs(command.arguments ?? []);
        if (parsed) return { uri: parsed.uri, nodeId: parsed.nodeId };
      }
    }
    return undefined;
  }

  private previewArgsFromText(editor: vscode.TextEditor): PreviewArgs | undefined {
    const nodeId = nodeIdAt(editor.document.getText(), editor.document.offsetAt(editor.selection.active));
    return nodeId ? { uri: editor.document.uri.toString(), nodeId } : undefined;
  }
}
