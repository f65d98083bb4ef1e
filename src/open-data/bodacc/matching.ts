// Which mandataire of the directory a practitioner read from a notice (or a row of the practitioners' list) is:
// matched by the person's name (its words folded, in their order read as a circle, so « VIGNEAU Bertrand » is
// « Bertrand Vigneau » but « Pierre-Jean Martin » is not « Jean-Pierre Martin »: `personKey`), the firm, the city
// and the profession only telling apart several people of one name, or, when two of them contradict the one entry
// of that name, saying it may be another person (reported, nothing linked); never by the firm alone (a firm has
// several partners). A name that only partly matches an entry (« Abitbol » for « Frédéric Abitbol ») is not
// guessed: the import reports it; nor is a name of one word besides its particles (« Me Antoine », « Me de la
// Tour »), which may be anyone of that first name or surname.
import { categoryLabels } from '../../domain/vocabulary.js';
import type { ExtractedPractitioner, Profession } from './practitioners.js';
import { firmKey, firmWordsKey, nameProperWords, nameWords, personKey } from './text.js';

/** A mandataire of the directory, as matching reads it. */
export type KnownMandataire = {
  id: string;
  name: string;
  kind: 'practitioner' | 'firm' | 'national_body';
  firm_id: string | null;
  commune: string | null;
  /** The towns of its secondary offices (the practitioners' list, `bureaux_annexes`), when known. */
  secondary_offices?: string[] | null;
  /** Its profession (the list's AJ or MJ, or the one a notice's role implies), when known. */
  profession?: string | null;
};

/**
 * Who a designation or a row of the list names: the person as written, the firm and city given beside them, the
 * profession it says (`professionOf`: its role's, null for a commissaire à l'exécution du plan or when its words name
 * another profession) or the
 * list gives, and the towns of its secondary offices (the list's `bureaux_annexes`), each null or absent when unknown.
 */
export type NamedPractitioner = Pick<ExtractedPractitioner, 'person' | 'firm' | 'city' | 'streetWordAfter'> & {
  profession?: Profession | null;
  offices?: readonly string[] | null;
};

/** What can tell two people of one name apart, in the order a report names them. */
type Evidence = 'firm' | 'profession' | 'city';

export type Match =
  | { status: 'known'; id: string }
  /** No entry has the name, nor part of it: a new practitioner (or firm) is created. */
  | { status: 'new' }
  | { status: 'uncertain'; reason: string };

/**
 * A reason of `MandataireIndex` with each entry being created it names by its placeholder id, `(new:…)` (the ids an
 * import adds such entries under), named by its real id (`resolve`; left as is when it gives none): what a report
 * prints and a designation stores is then the same whether the entry was created by this import or an earlier one.
 */
export function withRealIds(reason: string, resolve: (placeholder: string) => string | undefined): string {
  return reason.replace(/\((new:[^()\s]+)\)/g, (whole, id: string) => {
    const real = resolve(id);
    return real ? `(${real})` : whole;
  });
}

/** The most words of a name whose subsets `partialMatches` looks up one by one (2^12 = 4,096 look-ups at most). */
const subsetWordsMax = 12;

/** A set of a name's folded words as one key: the same whatever their order or repetitions. */
const wordSetKey = (words: readonly string[]) => [...new Set(words)].sort().join(' ');

/** Appends an entry to its key's list in a map of lists. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The directory's mandataires indexed for matching. */
export class MandataireIndex {
  private readonly byPerson = new Map<string, KnownMandataire[]>();
  private readonly byFirm = new Map<string, KnownMandataire[]>();
  /** Firms by their name's words, legal form aside (`firmWordsKey`). */
  private readonly byFirmWords = new Map<string, KnownMandataire[]>();
  /**
   * Practitioners by the set of their name's words (`wordSetKey`), and by each word of it, each list in the order
   * added (its entries' rank in `rank`): a name's partial matches are looked up, not scanned for (`partialMatches`).
   */
  private readonly byWordSet = new Map<string, KnownMandataire[]>();
  private readonly byWord = new Map<string, KnownMandataire[]>();
  private readonly rank = new Map<KnownMandataire, number>();
  private readonly firmNames = new Map<string, string>();
  /** Each firm's name as the directory writes it, by id: what a report names. */
  private readonly firmEntryNames = new Map<string, string>();

  constructor(entries: KnownMandataire[]) {
    for (const e of entries) this.add(e);
  }

  /** Adds an entry (one the import creates, so that the next notice naming it finds it). */
  add(entry: KnownMandataire): void {
    if (entry.kind === 'practitioner') {
      const key = personKey(entry.name);
      push(this.byPerson, key, entry);
      const words = [...new Set(nameWords(entry.name))];
      if (words.length) {
        this.rank.set(entry, this.rank.size);
        push(this.byWordSet, wordSetKey(words), entry);
        for (const w of words) push(this.byWord, w, entry);
      }
    } else if (entry.kind === 'firm') {
      const key = firmKey(entry.name);
      push(this.byFirm, key, entry);
      const { words } = firmWordsKey(entry.name);
      push(this.byFirmWords, words, entry);
      this.firmNames.set(entry.id, key);
      this.firmEntryNames.set(entry.id, entry.name);
    }
  }

  /**
   * The firm entry of a firm's name (legal form and words, folded), when exactly one has it; the form may stand
   * first or last (« Rhône Mandataires SELARL » is « SELARL Rhône Mandataires »). A firm of the same words with
   * another legal form, or with none on one side (« SELAS Rhône Mandataires », « Rhône Mandataires » for « SELARL
   * Rhône Mandataires »), may be the same étude written otherwise or having changed its form, or another company:
   * uncertain, never a second entry made silently (the import reports it and links nothing).
   */
  firm(name: string): Match {
    const found = this.byFirm.get(firmKey(name)) ?? [];
    if (found.length === 1) return { status: 'known', id: found[0]!.id };
    if (found.length > 1) return { status: 'uncertain', reason: `${found.length} firms are named '${name}'` };
    const { words, form } = firmWordsKey(name);
    const same = this.byFirmWords.get(words) ?? [];
    const sameForm = same.filter((e) => firmWordsKey(e.name).form === form);
    if (sameForm.length === 1) return { status: 'known', id: sameForm[0]!.id };
    if (same.length)
      return {
        status: 'uncertain',
        reason: `'${name}' may be ${same.map((e) => `'${e.name}' (${e.id})`).join(' or ')}: the same name with another legal form`,
      };
    return { status: 'new' };
  }

  /**
   * The practitioner a designation (or a row of the list) names: the one entry with the same name, unless two of
   * its firm, city and profession contradict the designation's (`contradictions`); among several, those not so
   * contradicted, and of them the one of the same firm, else of the same city, else of the same profession. An entry
   * whose name is only part of this one (or the reverse), or a name of one word besides its particles and initials
   * (`nameProperWords`; « J. Dupont »), makes it uncertain.
   */
  person(p: NamedPractitioner): Match {
    if (!p.person) return { status: 'uncertain', reason: 'no person named' };
    // « Me Antoine », « Me de la Tour »: a first name or a surname alone says no one for sure.
    const proper = nameProperWords(p.person);
    // « Me J. Dupont », « Me A. B. Durand »: initials are no first name: any J. Dupont (Jean, Julie) may be meant.
    const named = proper.filter((w) => w.length > 1);
    if (named.length < 2)
      return {
        status: 'uncertain',
        reason:
          named.length < proper.length
            ? `'${p.person}' gives initials, not a first name: which person it is is not guessed`
            : p.streetWordAfter
              ? `'${p.person}' is one name only as read: '${p.streetWordAfter}' after it may be its surname or the street of its address`
              : `'${p.person}' is one name only (a first name or a surname alone)`,
      };
    const key = personKey(p.person);
    const same = this.byPerson.get(key) ?? [];
    if (same.length === 1) {
      const elsewhere = this.elsewhere(same[0]!, p);
      return elsewhere ? { status: 'uncertain', reason: elsewhere } : { status: 'known', id: same[0]!.id };
    }
    if (same.length > 1) {
      const weighed = same.map((entry) => ({ entry, ...this.evidence(entry, p) }));
      const open = weighed.filter((w) => w.differs.length < 2);
      for (const kind of ['firm', 'city', 'profession'] as const) {
        const agreeing = open.filter((w) => w.agrees.includes(kind));
        if (agreeing.length === 1) return { status: 'known', id: agreeing[0]!.entry.id };
      }
      return {
        status: 'uncertain',
        reason: `${same.length} practitioners are named '${p.person}' and neither firm, city nor profession tells them apart`,
      };
    }
    const partial = this.partialMatches(p.person);
    // The same words in another order (« Pierre-Jean Martin » for « Jean-Pierre Martin »): two names, or one miswritten.
    const sorted = (name: string) => nameWords(name).sort().join(' ');
    const reordered = partial.filter((e) => sorted(e.name) === sorted(p.person!));
    if (reordered.length) {
      return {
        status: 'uncertain',
        reason: `'${p.person}' has the words of ${reordered.map((e) => `'${e.name}' (${e.id})`).join(' or ')} in another order: another name, or the same one miswritten`,
      };
    }
    if (partial.length) {
      return {
        status: 'uncertain',
        reason: `'${p.person}' may be ${partial.map((e) => `'${e.name}' (${e.id})`).join(' or ')}: the names only partly match`,
      };
    }
    return { status: 'new' };
  }

  /**
   * The practitioners whose name's words are all among this name's, or the reverse (« Abitbol » and « Frédéric
   * Abitbol »), in the order added. Looked up, not scanned: those whose words are a subset of this name's by each
   * subset's key (a name has a few words: at most 2^`subsetWordsMax` look-ups), those holding all of its words among
   * the entries of its rarest word; a name of more words than that is checked against the entries of each of its words.
   */
  private partialMatches(name: string): KnownMandataire[] {
    const words = [...new Set(nameWords(name))];
    if (!words.length) return [];
    const found = new Set<KnownMandataire>();
    const ours = new Set(words);
    if (words.length <= subsetWordsMax) {
      for (let mask = 1; mask < 1 << words.length; mask++) {
        const subset = words.filter((_, i) => mask & (1 << i));
        for (const e of this.byWordSet.get(wordSetKey(subset)) ?? []) found.add(e);
      }
    } else {
      for (const w of words)
        for (const e of this.byWord.get(w) ?? []) if (nameWords(e.name).every((x) => ours.has(x))) found.add(e);
    }
    const buckets = words.map((w) => this.byWord.get(w) ?? []);
    const rarest = buckets.reduce((a, b) => (b.length < a.length ? b : a));
    for (const e of rarest) {
      const theirs = new Set(nameWords(e.name));
      if (words.every((w) => theirs.has(w))) found.add(e);
    }
    return [...found].sort((a, b) => this.rank.get(a)! - this.rank.get(b)!);
  }

  /**
   * What of an entry agrees with a designation and what contradicts it, each known on both sides: the firm (its
   * name folded, `firmKey`), the city (the designation's city and offices against the entry's commune and
   * secondary offices: one town in common agrees) and the profession.
   */
  private evidence(entry: KnownMandataire, p: NamedPractitioner): { agrees: Evidence[]; differs: Evidence[] } {
    const agrees: Evidence[] = [];
    const differs: Evidence[] = [];
    const weigh = (kind: Evidence, same: boolean | null) => {
      if (same !== null) (same ? agrees : differs).push(kind);
    };
    const theirFirm = entry.firm_id ? this.firmNames.get(entry.firm_id) : undefined;
    weigh('firm', p.firm && theirFirm ? theirFirm === firmKey(p.firm) : null);
    const towns = (list: (string | null | undefined)[]) => new Set(list.filter((t) => t).map((t) => personKey(t!)));
    const ours = towns([p.city, ...(p.offices ?? [])]);
    const theirs = towns([entry.commune, ...(entry.secondary_offices ?? [])]);
    weigh('city', ours.size && theirs.size ? [...ours].some((t) => theirs.has(t)) : null);
    weigh('profession', p.profession && entry.profession ? p.profession === entry.profession : null);
    return { agrees, differs };
  }

  /**
   * Why the one entry of a designation's name may be someone else, or null: two of the firm, the city and the
   * profession (`evidence`) contradict the designation's, whatever the third says. One of them alone differing is a
   * partner who moved firm, an office of the same firm, or a profession the role only implies (a court may appoint
   * someone of the other list, C. com. L. 811-2 and L. 812-2): the same person. Two (« Me Jean Dupont »,
   * liquidateur at Lyon, and « DUPONT Jean », AJ at Lille) may be two people: the import links nothing and reports it
   * rather than merging them, which would give one of them the other's proceedings; the user merges the entries
   * through the API when they are one.
   */
  private elsewhere(entry: KnownMandataire, p: NamedPractitioner): string | null {
    const { differs } = this.evidence(entry, p);
    if (differs.length < 2) return null;
    const shown = (firm: string | null, profession: string | null | undefined, city: string | null) =>
      [
        firm ? ` of ${firm}` : '',
        differs.includes('profession') ? `, ${categoryLabels[profession!] ?? profession}` : '',
        city ? `, ${city}` : '',
      ].join('');
    const firmName = entry.firm_id ? (this.firmEntryNames.get(entry.firm_id) ?? null) : null;
    const other = differs.map((d) => `another ${d}`);
    const told = other.length > 2 ? `${other.slice(0, -1).join(', ')} and ${other.at(-1)}` : other.join(' and ');
    // An entry this import creates is named by its placeholder id, which the import replaces by its real id.
    return `'${p.person}'${shown(p.firm, p.profession, p.city)} may be '${entry.name}' (${entry.id})${shown(firmName, entry.profession, entry.commune)}: the same name, ${told}`;
  }
}
