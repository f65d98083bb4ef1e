// Which mandataire of the directory a practitioner read from a notice is: matched by the person's name (its words
// folded, in their order read as a circle, so « VIGNEAU Bertrand » is « Bertrand Vigneau » but « Pierre-Jean Martin »
// is not « Jean-Pierre Martin »: `personKey`), the firm and the city only telling apart
// several people of one name, or, when both differ from the one entry of that name, saying it may be another
// person (reported, nothing linked); never by the firm alone (a firm has several partners). A name that only partly
// matches an entry (« Abitbol » for « Frédéric Abitbol ») is not guessed: the import reports it; nor is a name of one
// word besides its particles (« Me Antoine », « Me de la Tour »), which may be anyone of that first name or surname.
import type { ExtractedPractitioner } from './practitioners.js';
import { firmKey, firmWordsKey, nameProperWords, nameWords, personKey } from './text.js';

/** A mandataire of the directory, as matching reads it. */
export type KnownMandataire = {
  id: string;
  name: string;
  kind: 'practitioner' | 'firm' | 'national_body';
  firm_id: string | null;
  commune: string | null;
  /** The towns of its secondary offices (the practitioners' list, `bureaux_annexes`), when known. */
  secondary_offices?: string[];
};

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

/** The directory's mandataires indexed for matching. */
export class MandataireIndex {
  private readonly byPerson = new Map<string, KnownMandataire[]>();
  private readonly byFirm = new Map<string, KnownMandataire[]>();
  /** Firms by their name's words, legal form aside (`firmWordsKey`). */
  private readonly byFirmWords = new Map<string, KnownMandataire[]>();
  private readonly practitioners: KnownMandataire[] = [];
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
      this.byPerson.set(key, [...(this.byPerson.get(key) ?? []), entry]);
      this.practitioners.push(entry);
    } else if (entry.kind === 'firm') {
      const key = firmKey(entry.name);
      this.byFirm.set(key, [...(this.byFirm.get(key) ?? []), entry]);
      const { words } = firmWordsKey(entry.name);
      this.byFirmWords.set(words, [...(this.byFirmWords.get(words) ?? []), entry]);
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
   * The practitioner a designation names: the one entry with the same name; among several, the one of the same
   * firm, else of the same city; an entry whose name is only part of this one (or the reverse), or a name of one
   * word besides its particles and initials (`nameProperWords`; « J. Dupont »), makes it uncertain.
   */
  person(p: Pick<ExtractedPractitioner, 'person' | 'firm' | 'city'>): Match {
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
            : `'${p.person}' is one name only (a first name or a surname alone)`,
      };
    const key = personKey(p.person);
    const same = this.byPerson.get(key) ?? [];
    if (same.length === 1) {
      const elsewhere = this.elsewhere(same[0]!, p);
      return elsewhere ? { status: 'uncertain', reason: elsewhere } : { status: 'known', id: same[0]!.id };
    }
    if (same.length > 1) {
      const firm = p.firm ? firmKey(p.firm) : null;
      const byFirm = firm ? same.filter((e) => e.firm_id && this.firmNames.get(e.firm_id) === firm) : [];
      if (byFirm.length === 1) return { status: 'known', id: byFirm[0]!.id };
      const city = p.city ? personKey(p.city) : null;
      const byCity = city ? same.filter((e) => e.commune && personKey(e.commune) === city) : [];
      if (byCity.length === 1) return { status: 'known', id: byCity[0]!.id };
      return {
        status: 'uncertain',
        reason: `${same.length} practitioners are named '${p.person}' and neither firm nor city tells them apart`,
      };
    }
    const words = new Set(nameWords(p.person));
    const partial = this.practitioners.filter((e) => {
      const theirs = nameWords(e.name);
      return theirs.length > 0 && (theirs.every((w) => words.has(w)) || [...words].every((w) => theirs.includes(w)));
    });
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
   * Why the one entry of a designation's name may be someone else, or null: the designation names another firm
   * *and* another city than the entry's (its commune and secondary offices), both known on each side. One of them
   * alone differing is a partner who moved firm, or an office of the same firm: the same person.
   */
  private elsewhere(entry: KnownMandataire, p: Pick<ExtractedPractitioner, 'person' | 'firm' | 'city'>): string | null {
    const theirFirm = entry.firm_id ? this.firmNames.get(entry.firm_id) : undefined;
    if (!p.firm || !p.city || !theirFirm || !entry.commune || theirFirm === firmKey(p.firm)) return null;
    const city = personKey(p.city);
    const towns = [entry.commune, ...(entry.secondary_offices ?? [])];
    if (towns.some((t) => personKey(t) === city)) return null;
    const firmName = this.firmEntryNames.get(entry.firm_id!) ?? theirFirm;
    // An entry this import creates is named by its placeholder id, which the import replaces by its real id.
    return `'${p.person}' of ${p.firm}, ${p.city} may be '${entry.name}' (${entry.id}) of ${firmName}, ${entry.commune}: the same name, another firm and another city`;
  }
}
