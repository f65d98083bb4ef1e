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

/** A highlighted text as HTML: `IPG <mark>Roubaix</mark>`, every other character escaped (`&lt;script&gt;`). */
export function highlightHtml(text: string): string {
  return highlightPieces(text)
    .map((p) => (p.matched ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text)))
    .join('');
}
