// Which words of a query decide what it finds. People type sentences (« plateau société IPG installé depuis
// plusieurs années commune Vendôme ») and lists of names (« Teleperformance Webhelp »); the engines, asked the
// whole query, find neither: Meilisearch keeps only the first 10 words and, with any matching strategy, keeps
// to the end a word that no entry holds; PostgreSQL wants every word. So both engines plan a query the same way,
// from how many entries hold each word (src/search/README.md says why).

import { foldName } from '../geo/index.js';
import { vocabulary } from './settings.js';

/** Meilisearch reads the first 10 words of a query and ignores the rest. */
export const maxQueryWords = 10;

/** A word held by at most this share of the entries is a name-like word, searched on its own too. */
export const distinctiveShare = 0.25;

/** Each group of the press vocabulary, longest phrase first, with its folded writing: folded once, not per query. */
const phraseGroups = vocabulary.map((group) =>
  [...group].sort((a, b) => b.length - a.length).map((phrase) => ({ phrase, folded: ` ${foldName(phrase)} ` })),
);

/**
 * The words of `q`: each phrase of the press vocabulary it holds as one word (« centre d'appels », « call
 * center »: their synonyms are searched with them), then the other words, letters and digits, accents folded.
 */
export function queryWords(q: string): string[] {
  let rest = ` ${foldName(parseQuery(q).text)} `;
  const phrases: string[] = [];
  for (const group of phraseGroups) {
    const found = group.find((p) => rest.includes(p.folded));
    if (!found) continue;
    phrases.push(found.phrase);
    rest = rest.replace(found.folded, ' ');
  }
  return [...phrases, ...(rest.match(/[\p{L}\p{N}]+/gu) ?? [])];
}

/**
 * A query as Meilisearch (1.21) reads its syntax: `"a phrase"` wants its words next to each other, `-word` and
 * `-"a phrase"` (a minus at a word's start) exclude the entries holding them; a minus elsewhere (« saint-denis »,
 * « --elan ») or alone, and an unclosed quote, are plain punctuation. Tried against the engine:
 * tests/search/fallback-query-syntax.test.ts.
 */
export interface ParsedQuery {
  /** The query without its exclusions and quotes: the words searched (a phrase's among them). */
  text: string;
  /** The phrases quoted, each wanted whole. */
  phrases: string[];
  /** The words and phrases excluded, without their minus and quotes. */
  excluded: string[];
  /** The exclusions and phrases as typed (`-elan`, `"elan 86"`), for a query rewritten from its words (planQuery). */
  syntax: string[];
}

const wordStart = /[\p{L}\p{N}]/u;

/** `q` read as Meilisearch reads its phrases and exclusions (ParsedQuery). */
export function parseQuery(q: string): ParsedQuery {
  const phrases: string[] = [];
  const excluded: string[] = [];
  const syntax: string[] = [];
  let text = q.replace(/(^|\s)(-?)"([^"]*)"/gu, (_, before: string, minus: string, phrase: string) => {
    if (!wordStart.test(phrase)) return before;
    syntax.push(`${minus}"${phrase}"`);
    if (minus) {
      excluded.push(phrase);
      return before;
    }
    phrases.push(phrase);
    return `${before}${phrase}`;
  });
  text = text.replace(/(^|\s)-([\p{L}\p{N}]\S*)/gu, (_, before: string, word: string) => {
    syntax.push(`-${word}`);
    excluded.push(word);
    return before;
  });
  return { text: text.trim(), phrases, excluded, syntax };
}

/** How many entries hold each word (`counts`, in the words' order), out of `total`. */
export interface WordCounts {
  total: number;
  counts: number[];
}

export interface QueryPlan {
  /** The query to ask: `q` itself when every word counts, else the words kept, in their order. */
  q: string;
  /** The words kept: held by some entry, at most the 10 rarest. */
  kept: string[];
  /** The kept word held by the fewest entries: the one Meilisearch's « frequency » strategy drops last. */
  rarest: string | null;
  /**
   * Of the kept words, the name-like ones (few entries hold them), each also searched alone when two or more and
   * no entry holds every kept word (see `heldTogether`).
   */
  alone: string[];
}

/**
 * The plan once it is known whether some entry holds every kept word (`together`, a count): then the query names
 * that entry (« Comdata Picardie Renommée », « IPG Vendôme ») and no word is searched alone; when none does, it
 * names several (« Teleperformance Webhelp ») and the name-like words are.
 */
export function heldTogether(plan: QueryPlan, together: number): QueryPlan {
  return together > 0 ? { ...plan, alone: [] } : plan;
}

/**
 * The plan of a query of several words: words no entry holds are dropped (a sentence's filler: « installé »,
 * « depuis »); of the rest, the 10 rarest are kept; and the name-like words among them (held by at most a quarter
 * of the entries) are each searched alone too, so that « Teleperformance Webhelp » finds both. When no
 * word is held by any entry, the query is left as it is (typo tolerance may still find something).
 */
export function planQuery(q: string, words: string[], { total, counts }: WordCounts): QueryPlan {
  const held = words.map((word, i) => ({ word, i, count: counts[i] ?? 0 })).filter((w) => w.count > 0);
  if (!held.length) return { q, kept: words, rarest: null, alone: [] };
  const rarest = [...held].sort((a, b) => a.count - b.count || a.i - b.i).slice(0, maxQueryWords);
  const kept = held.filter((w) => rarest.includes(w));
  const alone = kept.filter((w) => w.count <= Math.max(1, total * distinctiveShare)).map((w) => w.word);
  return {
    q: kept.length === words.length ? q : [...kept.map((w) => w.word), ...parseQuery(q).syntax].join(' '),
    kept: kept.map((w) => w.word),
    rarest: rarest[0]!.word,
    alone: alone.length > 1 ? alone : [],
  };
}
