/**
 * searchShortcut: `/` moves the focus to the header's search box, unless the learner is typing somewhere
 * (a form field, the terminal's hidden textarea, the CodeMirror editor) or holds a modifier.
 */
export function searchShortcut(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  active: Element | null,
): boolean {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return false;
  if (!active) return true;
  const tag = active.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return false;
  return (
    !(active as HTMLElement).isContentEditable && active.closest('[contenteditable="true"], .xterm') === null
  );
}
