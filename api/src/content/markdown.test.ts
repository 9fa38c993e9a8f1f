import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('content Markdown', () => {
  it('renders headings, lists, emphasis and links', () => {
    const html = renderMarkdown('# Titre\n\n- **un**\n- [deux](https://example.ma)');
    expect(html).toContain('<h2>Titre</h2>');
    expect(html).toContain('<strong>un</strong>');
    expect(html).toContain('<a href="https://example.ma" rel="noopener nofollow">deux</a>');
  });

  it('makes script injection inert: no script tag, no event handler, no javascript: link survives', () => {
    const html = renderMarkdown(
      [
        '<script>alert(1)</script>',
        '<img src="x" onerror="alert(2)">',
        '[clic](javascript:alert(3))',
        '<a href="javascript:alert(4)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<svg onload="alert(5)"></svg>',
        '<p style="background:url(javascript:alert(6))" onclick="alert(7)">texte</p>',
      ].join('\n\n'),
    );
    expect(html).not.toMatch(/<script|onerror|onload|onclick|javascript:|<iframe|<svg|style=/i);
    expect(html).toContain('texte');
  });
});
