// The matched words of a search hit. Meilisearch marks them with two characters of Unicode's private use area, which
// no name or place holds, instead of `<mark>`: a stored text that itself reads `<mark>` or `<script>` stays text.
// The API gives each highlight as HTML (the text escaped, the matches in <mark></mark>), safe to insert as such;
// the pages render the pieces themselves.
import escapeHtml from 'escape-html';

/** Before and after each matched word in Meilisearch's `_formatted` (its highlightPreTag and highlightPostTag). */
export const matchStart = '\uE000';
export const matchEnd = '\uE001';

/** Whether a formatted attribute holds a match. */
export function hasMatch(text: string): boolean {
  return text.includes(matchStart);
}

/** The pieces of a highlighted text, in order, each matched or not (marks removed). */
export function highlightPieces(text: string): { text: string; matched: boolean }[] {
  const pieces: { text: string; matched: boolean }[] = [];
  let matched = false;
  for (const piece of text.split(/([\uE000\uE001])/)) {
    if (piece === matchStart) matched = true;
    else if (piece === matchEnd) matched = false;
    else if (piece) pieces.push({ text: piece, matched });
  }
  return pieces;
}

/**
 * A highlighted text as HTML: `IPG <mark>Roubaix</mark>`, every other character escaped (`&lt;script&gt;`). The same
 * pieces as `highlightPieces`, each matched one in its own <mark>, written in one pass over the text (it runs for
 * every highlight of every hit /v1/search answers).
 */
export function highlightHtml(text: string): string {
  if (!text.includes(matchStart) && !text.includes(matchEnd)) return escapeHtml(text);
  let html = '';
  let matched = false;
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : -1;
    if (code !== startCode && code !== endCode && code !== -1) continue;
    if (i > from) {
      const piece = escapeHtml(text.slice(from, i));
      html += matched ? `<mark>${piece}</mark>` : piece;
    }
    if (code === startCode) matched = true;
    else if (code === endCode) matched = false;
    from = i + 1;
  }
  return html;
}

const startCode = matchStart.charCodeAt(0);
const endCode = matchEnd.charCodeAt(0);
