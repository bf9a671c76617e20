import { describe, expect, it } from 'vitest';
import { escapeHtml, markdownToHtml } from './markdown';

describe('markdownToHtml', () => {
  it('renders paragraphs, code spans, bold and lists', () => {
    const html = markdownToHtml(
      'Le Deployment `web` a **1 réplica**.\nPassez-le à 3.\n\n- un\n- deux\n\n1. premier\n2. second',
    );
    expect(html).toBe(
      '<p>Le Deployment <code>web</code> a <strong>1 réplica</strong>. Passez-le à 3.</p>' +
        '<ul><li>un</li><li>deux</li></ul><ol><li>premier</li><li>second</li></ol>',
    );
  });

  it('escapes markup so a statement cannot inject HTML', () => {
    const html = markdownToHtml('<img src=x onerror=alert(1)> et `<b>`');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<code>&lt;b&gt;</code>');
  });

  it('keeps code fences verbatim and does not read bold inside code', () => {
    expect(markdownToHtml('```\nkubectl get **pods**\n```')).toBe(
      '<pre><code>kubectl get **pods**</code></pre>',
    );
    expect(markdownToHtml('`a **b** c`')).toBe('<p><code>a **b** c</code></p>');
  });

  it('only links to http(s) and site-relative targets', () => {
    expect(markdownToHtml('[doc](https://kubernetes.io/fr/)')).toBe(
      '<p><a href="https://kubernetes.io/fr/">doc</a></p>',
    );
    expect(markdownToHtml('[x](javascript:alert(1))')).not.toContain('<a');
  });

  it('escapes quotes', () => {
    expect(escapeHtml(`"'<&>`)).toBe('&quot;&#39;&lt;&amp;&gt;');
  });
});
