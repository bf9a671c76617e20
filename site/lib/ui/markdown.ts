/**
 * markdownToHtml: the small, safe subset of Markdown the exercise statements and hints use (paragraphs,
 * `-` and `1.` lists, fenced code, `code`, **bold**, *italic*, [links](https://…)). Every character of the
 * source is HTML-escaped first, so a statement can never inject markup.
 */

/** escapeHtml escapes the five HTML-significant characters. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** inline renders the inline syntax of one escaped line. */
function inline(escaped: string): string {
  // Why split on code spans first: their content must not be read as bold or links.
  return escaped
    .split(/(`[^`]+`)/)
    .map((part) => {
      if (/^`[^`]+`$/.test(part)) return `<code>${part.slice(1, -1)}</code>`;
      return part
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
        .replace(
          /\[([^\]]+)\]\(((?:https?:\/\/|\/)[^\s)]+)\)/g,
          (_m, label: string, href: string) => `<a href="${href}">${label}</a>`,
        );
    })
    .join('');
}

/** markdownToHtml renders `source` to HTML (safe to assign to innerHTML). */
export function markdownToHtml(source: string): string {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  let listKind: 'ul' | 'ol' | undefined;
  let code: string[] | undefined;

  const flushParagraph = (): void => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map((l) => inline(escapeHtml(l))).join(' ')}</p>`);
    paragraph = [];
  };
  const closeList = (): void => {
    if (listKind) out.push(`</${listKind}>`);
    listKind = undefined;
  };

  for (const line of lines) {
    if (code) {
      if (/^\s*```/.test(line)) {
        out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
        code = undefined;
      } else code.push(line);
      continue;
    }
    if (/^\s*```/.test(line)) {
      flushParagraph();
      closeList();
      code = [];
      continue;
    }
    const item = /^\s*(?:([-*])|(\d+)\.)\s+(.*)$/.exec(line);
    if (item) {
      flushParagraph();
      const kind = item[1] ? 'ul' : 'ol';
      if (listKind !== kind) {
        closeList();
        out.push(`<${kind}>`);
        listKind = kind;
      }
      out.push(`<li>${inline(escapeHtml(item[3]!))}</li>`);
      continue;
    }
    if (line.trim() === '') {
      flushParagraph();
      closeList();
      continue;
    }
    closeList();
    paragraph.push(line.trim());
  }
  if (code) out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
  flushParagraph();
  closeList();
  return out.join('');
}
