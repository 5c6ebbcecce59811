// Find the id of the innermost node element whose start tag begins at or before an offset. A fallback for
// "Preview Node" when the server offers no preview code action at the cursor. Pure.

const NODE_ELEMENTS = new Set([
  'source', 'transform', 'sink', 'branch', 'if', 'loop', 'while', 'foreach', 'parallel', 'checkpoint',
  'phase', 'context', 'set', 'delay', 'timeout', 'include', 'call',
]);

const TAG = /<(\/?)([A-Za-z_:][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
const ID_ATTR = /(?:^|\s)(id|name|var)\s*=\s*("([^"]*)"|'([^']*)')/g;

function idOf(tag: string, attrs: string): string | undefined {
  const found = new Map<string, string>();
  for (const match of attrs.matchAll(ID_ATTR)) {
    found.set(match[1]!, (match[3] ?? match[4] ?? '').trim());
  }
  const id = found.get('id');
  if (id) return id;
  if (tag === 'phase' && found.get('name')) return found.get('name');
  if (tag === 'set' && found.get('var')) return found.get('var');
  return undefined;
}

export function nodeIdAt(text: string, offset: number): string | undefined {
  const stack: { tag: string; id: string | undefined }[] = [];
  let best: string | undefined;
  for (const match of text.matchAll(TAG)) {
    const start = match.index ?? 0;
    if (start > offset) break;
    const [whole, closing, tag, attrs, selfClosing] = match;
    if (!NODE_ELEMENTS.has(tag!)) continue;
    const end = start + whole.length;
    if (closing) {
      if (offset <= end) break; // the cursor is on the end tag: still inside this element
      const index = stack.map((item) => item.tag).lastIndexOf(tag!);
      if (index >= 0) stack.length = index;
      continue;
    }
    const id = idOf(tag!, attrs ?? '');
    if (selfClosing) {
      if (offset <= end) best = id;
      continue;
    }
    stack.push({ tag: tag!, id });
  }
  if (best !== undefined) return best;
  for (let i = stack.length - 1; i >= 0; i--) {
    if (stack[i]!.id) return stack[i]!.id;
  }
  return undefined;
}
