// Arguments and results of the server command `flowscript.previewNode`. Pure helpers.

export const PREVIEW_COMMAND = 'flowscript.previewNode';

export interface PreviewArgs {
  uri: string;
  nodeId: string;
  allowSideEffects?: boolean;
}

export interface PreviewSummary {
  nodeId: string;
  status: string;
  durationMs: number | undefined;
  errorMessage: string | undefined;
  resultPath: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Accepts the argument shapes the server and Neovim use: `[{uri, nodeId}]` or `[uri, nodeId]`. */
export function parsePreviewArgs(args: readonly unknown[]): PreviewArgs | undefined {
  const first = args[0];
  if (isRecord(first) && typeof first.uri === 'string' && typeof first.nodeId === 'string') {
    const parsed: PreviewArgs = { uri: first.uri, nodeId: first.nodeId };
    if (typeof first.allowSideEffects === 'boolean') {
      parsed.allowSideEffects = first.allowSideEffects;
    }
    return parsed;
  }
  if (typeof first === 'string' && typeof args[1] === 'string') {
    return { uri: first, nodeId: args[1] };
  }
  return undefined;
}

function numberField(record: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'number' && Number.isFinite(value)) {
      return value;
    }
  }
  return undefined;
}

function stringField(record: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string') {
      return value;
    }
  }
  return undefined;
}

export function summarizePreviewResult(result: unknown, fallbackNodeId: string): PreviewSummary {
  if (!isRecord(result)) {
    return { nodeId: fallbackNodeId, status: 'unknown', durationMs: undefined, errorMessage: undefined, resultPath: undefined };
  }
  const error = result.error;
  let errorMessage: string | undefined;
  if (isRecord(error)) {
    const code = stringField(error, 'code');
    const message = stringField(error, 'message') ?? 'Preview failed';
    errorMessage = code ? `${code}: ${message}` : message;
  } else if (typeof error === 'string') {
    errorMessage = error;
  }
  return {
    nodeId: stringField(result, 'nodeId', 'node_id') ?? fallbackNodeId,
    status: stringField(result, 'status') ?? (errorMessage ? 'error' : 'ok'),
    durationMs: numberField(result, 'durationMs', 'duration_ms'),
    errorMessage,
    resultPath: stringField(result, 'resultPath', 'result_path', 'resultUri'),
  };
}

export function describeSummary(summary: PreviewSummary): string {
  const duration = summary.durationMs === undefined ? '' : ` in ${Math.round(summary.durationMs)} ms`;
  const base = `Preview of "${summary.nodeId}": ${summary.status}${duration}`;
  return summary.errorMessage ? `${base} — ${summary.errorMessage}` : base;
}
