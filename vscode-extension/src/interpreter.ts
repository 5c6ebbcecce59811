// Which Python runs the language server: the setting, else the Python extension's interpreter, else python3.
// Pure: no `vscode` import, so it is unit-tested under plain Node.

export type InterpreterSource = 'setting' | 'python-extension' | 'default';

export interface ServerCommand {
  command: string;
  args: string[];
  source: InterpreterSource;
}

export interface InterpreterInputs {
  /** `flowscript.interpreter`: the interpreter and optional leading arguments. */
  setting: readonly string[];
  /** Path reported by the Python extension for the active environment, when it is installed. */
  pythonExtensionPath?: string | undefined;
  /** Extra arguments for `flowscript lsp` (`flowscript.serverArgs`). */
  serverArgs?: readonly string[];
}

/** The module invocation that runs the server with any interpreter that has the package installed. */
export const SERVER_MODULE_ARGS: readonly string[] = ['-m', 'server', 'lsp'];

export function resolveServerCommand(inputs: InterpreterInputs): ServerCommand {
  const extra = [...(inputs.serverArgs ?? [])];
  const setting = inputs.setting.map((part) => part.trim()).filter((part) => part.length > 0);
  if (setting.length > 0) {
    const [command, ...prefix] = setting;
    return { command: command!, args: [...prefix, ...SERVER_MODULE_ARGS, ...extra], source: 'setting' };
  }
  const fromExtension = inputs.pythonExtensionPath?.trim();
  if (fromExtension) {
    return { command: fromExtension, args: [...SERVER_MODULE_ARGS, ...extra], source: 'python-extension' };
  }
  return { command: 'python3', args: [...SERVER_MODULE_ARGS, ...extra], source: 'default' };
}

/** Arguments that exit 0 when the `flowscript-lsp` distribution is importable by the interpreter. */
export function installCheckArgs(command: ServerCommand): string[] {
  const prefix = command.source === 'setting' ? command.args.slice(0, command.args.indexOf('-m')) : [];
  return [...prefix, '-c', 'import importlib.metadata as m; m.version("flowscript-lsp"); import server.lsp'];
}

export function installHint(command: ServerCommand): string {
  return `${command.command} -m pip install flowscript-lsp`;
}
