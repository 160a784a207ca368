/** How long the Clipboard API may take (a permission prompt nobody answers) before the fallback. */
const CLIPBOARD_TIMEOUT_MS = 1000;

/**
 * Puts `text` on the clipboard: the Clipboard API, else (refused, absent, or no answer within a
 * second) a selected read-only textarea and `execCommand('copy')`, which still works in
 * insecure contexts and older engines. The textarea goes into `root` (a shadow root styles it
 * out of sight with `.clip`). Resolves whether either way worked; never throws.
 */
export async function writeClipboard(text: string, root: ParentNode): Promise<boolean> {
  try {
    await Promise.race([
      navigator.clipboard.writeText(text),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), CLIPBOARD_TIMEOUT_MS)),
    ]);
    return true;
  } catch {
    return copyByTextarea(text, root);
  }
}

function copyByTextarea(text: string, root: ParentNode): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'clip';
  root.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
