// VS Code settings -> the language server's settings (initializationOptions and didChangeConfiguration).
// Pure: takes a getter so tests need no `vscode`.

export type SettingGetter = <T>(key: string, fallback: T) => T;

export interface ServerSettings {
  pathBase: 'workflow' | 'workspace';
  diagnosticsDelayMs: number;
  preview: {
    enabled: boolean;
    timeoutSeconds: number;
  };
}

const PATH_BASES = new Set(['workflow', 'workspace']);

function finiteOr(value: unknown, fallback: number, min: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
}

export function readServerSettings(get: SettingGetter, trusted: boolean): ServerSettings {
  const pathBase = get<string>('pathBase', 'workflow');
  return {
    pathBase: PATH_BASES.has(pathBase) ? (pathBase as ServerSettings['pathBase']) : 'workflow',
    diagnosticsDelayMs: finiteOr(get<number>('diagnostics.debounceMs', 200), 200, 0),
    preview: {
      enabled: trusted,
      timeoutSeconds: finiteOr(get<number>('preview.timeoutSeconds', 30), 30, 1),
    },
  };
}
