// The practitioners a BODACC notice designates, read from the free text of `jugement.complementJugement` (no
// structured field names them). A designation is a role word (liquidateur, mandataire judiciaire, administrateur
// judiciaire, commissaire à l'exécution du plan) followed by who holds it: a firm (SELARL, SCP, SELAS…) and the
// person it acts through (« prise en la personne de Me … », « représentée par Maître … », « - Me … »), or a person
// alone, then an address ending in a postal code and a city; or a holder named first and given the role after
// (« a nommé la SELARL …, prise en la personne de Maître …, en qualité de liquidateur »). What the text says of a
// role without designating anyone (« auprès du liquidateur ») is left out; an end of its mission (« mettant fin à la
// mission de l'administrateur ») is read as a discharge of whoever holds it (`ReplacementWithoutHolder.holder`).
// Pure functions: no database, no I/O.
import { firmNameForms, undottedFormsInPlace } from '../../domain/legal-forms.js';
import { masked } from '../../domain/text.js';
import type { practitionerRoles, professions } from '../../domain/vocabulary.js';
import { displayPersonName, foldInPlace, nameParticles } from './text.js';

/** The roles a practitioner is designated in, as the API names them (domain/vocabulary.ts). */
export type PractitionerRole = (typeof practitionerRoles)[number];

/** A practitioner's profession, as the mandataires kind names it (domain/vocabulary.ts). */
export type Profession = (typeof professions)[number];

/** The powers an administrateur judiciaire is given (« avec les pouvoirs : assistance »). */
export type AdministratorPower = 'assistance' | 'representation' | 'surveillance';

/** A practitioner designated by a notice, with the exact span of text that says so. */
export interface ExtractedPractitioner {
  role: PractitionerRole;
  /** The firm as written, legal form first (« SELARL Mandataires Associés Vallée »), or null. */
  firm: string | null;
  /** The person as written, without « Me » (« Claire Fontanel », « VIGNEAU Bertrand »), or null (the firm alone). */
  person: string | null;
  /** The person's name as an entry shows it, « Prénom Nom » in usual case (« VIGNEAU Bertrand » → « Bertrand
   * Vigneau »; see `displayPersonName`), or null. Its id words: the same whichever order the notice used. */
  name: string | null;
  /** The profession the designation says (`professionOf`): the one its role implies (mandataire_judiciaire for a
   * liquidateur or a mandataire judiciaire, administrateur_judiciaire for an administrateur), null when its words name
   * another profession (« commissaire de justice ») or for a commissaire à l'exécution du plan (either may be). */
  profession: Profession | null;
  /** The city of the address that follows (« Lyon »; « Cedex » dropped), or null: a commune as writes take it. */
  city: string | null;
  /** The postal code before that city, five digits (« 69 002 » → « 69002 »; a CEDEX code as written), or null. */
  postalCode: string | null;
  /** For an administrateur judiciaire: the powers given, as the text words them, and their kinds. */
  powers: { text: string; kinds: AdministratorPower[] } | null;
  /** The span of the notice's text that designates them, exactly as written. */
  quote: string;
  /**
   * Set when the person's name is followed by a capitalised word naming a street (« Me Alain Rue 29200 Brest »)
   * that no numbered street after it made a surname: that word (« Rue »), which may be the surname or the address's
   * street. Absent otherwise.
   */
  streetWordAfter?: string;
  /**
   * The practitioners the designation replaces in its role (« remplacement du liquidateur Me Y par … », « …, en
   * remplacement de Me Y »), as written (firm, person) and as an entry shows the person (`name`); absent when none.
   */
  replaces?: { firm: string | null; person: string | null; name: string | null }[];
}

/** A passage that looks like a designation but that the reader could not read with certainty: nothing is taken. */
export interface UncertainPassage {
  quote: string;
  reason: string;
  /** Set when designations of the same passage are read (and linked): only a part of it is not. */
  partly?: true;
}

/**
 * A replacement that names no new holder (« Jugement prononçant le remplacement du liquidateur Me X. », « désignant
 * un nouveau liquidateur en remplacement de Me X »): who is replaced, in which role (null when the text names none),
 * whether the text says they are replaced (`ends`: not a request nor a refusal of one), and the span quoted. No one is
 * designated: the reader never guesses a successor.
 */
export interface ReplacementWithoutHolder {
  role: PractitionerRole | null;
  replaces: NonNullable<ExtractedPractitioner['replaces']>;
  ends: boolean;
  quote: string;
  /**
   * Set for a discharge (« administrateur judiciaire Me X étant déchargé(e) de sa mission », « met fin à la mission de
   * Me X »): the mission ends with no one put in their place; the import ends the link as a replacement's.
   */
  discharge?: true;
  /**
   * Set when the text names the role and no holder (« mettant fin à la mission de l'administrateur », `replaces`
   * empty, verify49 fault 02): `sole`, the one practitioner holding that role in the proceeding (nothing ended when
   * several do); `every`, each of them (« … des administrateurs judiciaires »).
   */
  holder?: 'sole' | 'every';
}

/**
 * A replacement naming both holders and no role (« désigne Me X aux lieu et place de Me Y », « Me Y est remplacé par
 * Me X »): X takes Y's place, in whatever role Y holds in the proceeding, which the text does not say. Nothing is
 * designated by the reader; the import gives X the one role Y's appointments in the proceeding tell, or reports it.
 */
export interface ReplacementWithoutRole {
  /** The new holders, as a designation names them (no role, so no profession nor powers). */
  holders: Pick<ExtractedPractitioner, 'firm' | 'person' | 'name' | 'city' | 'postalCode'>[];
  replaces: NonNullable<ExtractedPractitioner['replaces']>;
  quote: string;
}

export interface PractitionerReading {
  practitioners: ExtractedPractitioner[];
  uncertain: UncertainPassage[];
  /** The replacements naming no new holder (`ReplacementWithoutHolder`); absent when none. */
  withoutHolder?: ReplacementWithoutHolder[];
  /** The replacements naming both holders and no role (`ReplacementWithoutRole`); absent when none. */
  withoutRole?: ReplacementWithoutRole[];
}

// Patterns run on the folded text (lower case, no accents), which has the same indexes as the original.
/**
 * The words of a role (folded), as one alternation: `rolePattern` and the roles a judgment's title names.
 * « Mandataire » alone only as a short label before a colon (« Mandataire : Me X », as « Administrateur : »). The
 * commissaire à l'exécution du plan also as the Code de commerce words it (« commissaire chargé de l'exécution du
 * plan », L. 626-25) and « … du plan de cession » (verify46 fault 11).
 */
const roleWords = `commissaires? (?:a|chargee?s? de) l'execution du plan(?: de cession)?|co-?liquidateurs?(?: judiciaires?)?|liquidateurs?(?: judiciaires?)?|mandataires? judiciaires?|mandataires?(?=\\s*:)|administrateurs?(?: judiciaires?)?|representants? des creanciers`;
const rolePattern = new RegExp(String.raw`\b(${roleWords})\b`, 'g');
/** A role anywhere in a text (folded). */
const roleAnywhere = new RegExp(String.raw`\b(${roleWords})\b`);
/**
 * The legal forms a practitioner's firm is written with (folded), as one alternation: every pattern that looks for a
 * firm (a holder after its role, after « et », after powers) takes the same ones, SAS and AARPI as SELARL: the forms
 * a firm's name may carry (domain/legal-forms.ts `firmNameForms`) but EI, an entrepreneur's, not a firm's, which
 * notices write after a debtor's name. Written with full stops (« S.E.L.A.R.L. »), a form is read in the folded text
 * as its letters (`undottedFormsInPlace`).
 */
const firmForms = firmNameForms
  .filter((form) => form !== 'EI')
  .map((form) => form.toLowerCase())
  .sort((a, b) => b.length - a.length)
  .join('|');
const firmForm = new RegExp(`^(${firmForms})\\b`);
const personTitle = /^(me\.?|mes|maitres?|madame|monsieur|mme|m\.)\s+/;
/**
 * Words before a role that make it a mention, not a designation: « auprès du liquidateur », « de l'administrateur »,
 * and a former holder's (« ancien administrateur judiciaire Me X étant déchargée », « ex-liquidateur »).
 */
const mentionBefore =
  /(?:\banciens?|\banciennes?|\bex-|\bprecedemment|\bau|\baux|\bdu|\bdes|\bde l'|\bd'un|\bd'une|\bl'|\ble|\bla|\bles|\bun|\bune|\bson|\bsa|\bses|\bce|\bleur|\bpar)\s*$/;
/** After « le <rôle> », the words keeping a holder told next in it (folded): « restant », « demeure », « reste ». */
const staysAfterRole = /^\s*,?\s*(?:restant|reste|demeure|demeurent|restent)\s+(?=(?:la |le |l')?\S)/;
/** Words after a role that make it another office: « liquidateur amiable », « administrateur provisoire ». */
const otherOfficeAfter = /^\s*(amiable|provisoire|ad hoc|ad-hoc|du patrimoine|de la succession)\b/;
const streetWords = new Set(
  (
    'rue avenue av boulevard bd place quai allee allees chemin cours impasse route square passage rond-point ' +
    'faubourg esplanade parvis promenade residence immeuble bp cs lieu-dit lieudit zone za zi zac parc centre ' +
    'batiment bat voie sentier villa cite hameau domaine'
  ).split(' '),
);
const nameStopWords = new Set([
  ...(
    'prise pris representee represente avec et en au aux pour dans sur les des mandataire mandataires liquidateur ' +
    'liquidateurs administrateur administrateurs commissaire judiciaire judiciaires demeurant domicilie sis ' +
    'ou est a ayant son sa qui'
  ).split(' '),
  ...firmForms.split('|'),
]);
/**
 * The verbs a court designates with (« désignant », « a nommé », « commet »…, and « organes de la procédure : »,
 * « organes désignés : » before a list), folded, each followed by a space. Not
 * a passive « est désigné » / « est nommé »: its holder is told before it (`keptBeforeRole`). Words between the verb
 * and its holder (« désignant en remplacement Me X », « de nouveau », verify46 fault 02) are part of the match; « en
 * remplacement de Me Y » is not (Y is the one replaced).
 */
const designationVerbs =
  /(?<!\b(?:est|sont|a ete|ont ete) )\b(a nomme|nomme|nommant|designant|designe|a designe|commet|commettant|a commis|maintenant|maintient|confirme|confirmant|a confirme|substituant|a substitue|substitue|organes(?: de la procedure| designes)?\s*:)\s+(?:,?\s*(?:en remplacement|de nouveau|a nouveau|egalement)(?!\s*(?:de|du|des|d')(?![a-z]))\s*,?\s+)?/g;
/**
 * A list of the procedure's organs (« organes de la procédure : Me A, mandataire judiciaire, … ; Me B, administrateur
 * judiciaire, … »), folded: a verb of designation whose items may be parted by semicolons, each item designated.
 */
const organsList = /^organes\b/;
/** A verb substituting a practitioner for another (« Jugement substituant Me X à Me Y … »), at a verb's start. */
const substitutionVerb = /^(substituant|a substitue|substitue)\s/;
/** A holder's start (folded): a firm's legal form, or a person's title. */
const holderAnywhere = new RegExp(
  String.raw`\b(?:${firmForms})\b|\b(?:me\.?|mes|maitres?|madame|monsieur|mme|m\.)\s`,
  'g',
);
/** Whether a text names a holder (folded): `holderAnywhere` as a test. */
const holderNamed = new RegExp(holderAnywhere.source);
/**
 * « remplace » between two holders (folded): « la SELARL X prise en la personne de Me A remplace la SCP Y … », the
 * holder before it designated, the one after it replaced.
 */
const activeReplacement = new RegExp(
  String.raw`\s(?:remplace|remplacent)\s+(?=(?:la |le |l')?(?:${firmForms}|me\.?|mes|maitres?|madame|monsieur|mme|m\.)\s)`,
  'g',
);
/** What a passage designating a practitioner holds: a firm's legal form, or « Me » / « Maître » and a name. */
const practitionerLikeAll = new RegExp(String.raw`\b(${firmForms})\b|\b(me\.?|mes|maitres?)\s+[a-z]`, 'g');
/**
 * The words that tie a firm to the person it acts through (folded), as one alternation: « prise en la personne de »,
 * « en la personne de », « représentée par », « mission conduite par », « agissant par », « agissant en la personne
 * de », each « en la personne de » also with « son associé » after it. Every pattern that looks for a firm's person
 * takes the same ones.
 */
const personLinkWords = String.raw`(?:(?:prise?|pris|agissant) )?en la personne de(?: (?:son|sa|l'un de ses|l'une de ses) associee?s?)?|representee? par|mission conduite par|agissant par`;
/**
 * The words giving a holder named before them a role (folded), before « de » or « d' », one list for every pattern
 * that looks for them: « en qualité », its synonyms « ès qualités » (« ès-qualités », « es qualité ») and « aux
 * fonctions » (« désignant Me X aux fonctions de liquidateur »), « en tant que » (read as « en tantq de », see
 * `extractPractitioners`), and « dans ses
 * fonctions » (or « en ses fonctions ») of a practitioner kept in office (« maintient Me X dans ses fonctions de
 * mandataire judiciaire », « Me X
 * est maintenu dans ses fonctions de … », « … dans leurs fonctions respectives de … »).
 */
const qualiteWords = String.raw`en qualite|es[- ]?qualites?|(?:(?:dans|en) (?:ses|leurs|les)|aux) fonctions(?: respectives)?|en tantq`;
/** A role given « en qualité de » (folded): a designation's words even with no verb of designation before them. */
const qualiteRole = new RegExp(String.raw`\b(?:${qualiteWords}) d(?:e\s*|')(?:${roleWords})\b`, 'g');
/** After « dans leurs fonctions respectives de », the roles listed (folded): « mandataire judiciaire et d'administrateur ». */
const respectiveRoles = new RegExp(
  String.raw`^(?:${roleWords})\b(?:\s*(?:,|et|,\s*et)\s*(?:de\s+|d'|du\s+)?(?:${roleWords})\b)*`,
);
/**
 * A holder kept in office or designated, told before the role (folded): « …, est maintenu dans ses fonctions de »,
 * « …, est désigné en qualité de », « …, est nommée en qualité de », « …, étant maintenu ès qualités de », and
 * « …, est désigné liquidateur » (the role right after the passive: unambiguous when the holder, read from the
 * sentence's start, reaches it, `keptInOffice`).
 */
const keptBeforeRole = new RegExp(
  String.raw`[\s,]*\b(?:(?:est|sont|a ete|ont ete) (?:(?:maintenue?s?|designee?s?|nommee?s?)\s+(?:${qualiteWords}) d(?:e\s*|')|(?:designee?s?|nommee?s?)\s+)|etant maintenue?s?\s+(?:${qualiteWords}) d(?:e\s*|'))$`,
);
/** A passive designation right before a role (folded): « …, est désigné liquidateur », « …, a été nommée ». */
const passiveBeforeRole = /\b(?:est|sont|a ete|ont ete) (?:designee?s?|nommee?s?)\s+$/;
/** « en qualité de », « dans ses fonctions de » right before a role (folded), with a comma before them. */
const qualiteBefore = new RegExp(String.raw`,?\s*\b(?:${qualiteWords}) d(?:e\s*|')$`);
/** Words before a holder that make it the one replaced, not designated (« en remplacement de Me … »). */
const replacedBefore = new RegExp(
  String.raw`\b(remplacement|lieu et place|remplace)\s+(de|du|des|d')?\s*(la |le |l')?((${roleWords})\s*,?\s*)?$`,
);
/**
 * A judgment replacing a practitioner by another, up to « par » before the new holder (folded): « remplacement du
 * liquidateur Me Y par la SCP … », « remplacement de l'administrateur judiciaire, Me Y, par Me Z »: a verb of
 * designation whose holder follows « par » (not « représentée par »), in the same sentence (a full stop only after a
 * title or an initial), the role its own words name.
 */
const replacementBy = new RegExp(
  String.raw`\bremplacement\s+(?:du\s+|de l'|de la\s+|des\s+|d')(${roleWords})\b(?:[^;.]|(?<=\b(?:me|mme|m|[a-z]))\.){0,200}?(?<!representee?|pris|prise|conduite|agissant)\s+par\s+`,
  'g',
);
/** Offices a court designates that are not the practitioners read here: a passage naming one is not reported. */
const otherOffices =
  /\b(mandataires? ad.hoc|representants? des salaries|conciliateurs?|juge|juge-commissaire|experts?|controleurs?|commissaires? de justice|commissaires?-priseurs?|huissiers?|notaires?|administrateurs? provisoires?|liquidateurs? amiables?)\b/;
/**
 * A profession in apposition to a firm or a person (folded): « mandataires judiciaires », « administrateurs
 * judiciaires associés », « mandataire judiciaire associé », « société de mandataires judiciaires », « société
 * d'exercice libéral de mandataires judiciaires » (verify49 fault 05); every pattern that skips one takes the same.
 */
const firmProfession = String.raw`(?:societe\s+(?:d'exercice liberale?\s+|civile professionnelle\s+)?(?:de\s+|d'))?(?:(?:mandataires?|administrateurs?) judiciaires?|(?:co-?)?liquidateurs?(?: judiciaires?)?|commissaires? (?:a|chargee?s? de) l'execution du plan(?: de cession)?)(?:\s+associee?s?)?`;
/** A profession in apposition between commas (« , mandataires judiciaires associés, »), up to the second comma. */
const professionBetweenCommas = new RegExp(String.raw`^\s*,\s*${firmProfession}\s*(?=,)`);
/** After a role in apposition, words that make it the profession of the holder that goes on (« …, mandataires
 * judiciaires, prise en la personne de ») or of a holder given another role next (« …, mandataire judiciaire,
 * liquidateur », « …, mandataire judiciaire à Béziers, en qualité de liquidateur »): not the role designated. */
const professionAfter = new RegExp(
  String.raw`^(\s+associee?s?)?(\s+(a|au|de|pres)\s[^,.;]{1,40})?\s*,?\s*(${personLinkWords}|(?:${qualiteWords}) d|(liquidateurs?(?: judiciaires?)?|mandataires? judiciaires?|administrateurs? judiciaires?|commissaires? (?:a|chargee?s? de) l'execution du plan(?: de cession)?)\s*([,.;]|$))`,
);
/**
 * After a role in apposition to a holder (« Me X, mandataire judiciaire, … »), what makes it the holder's profession
 * or a mention, not the role designated (folded): the quality given later to the same holder, its address or firm
 * between but no other holder (« …, mandataire judiciaire, 7 rue … 69002 Lyon, en qualité de liquidateur », « …, ès
 * qualités de mandataire ad hoc », « …, étant maintenu en qualité d'administrateur provisoire »), the role then read
 * where it is given, or nothing when it is an office not read here; or words of a practitioner only heard or
 * reporting (« …, entendu en son rapport », « …, ayant présenté son rapport », « …, en ses observations »).
 */
const professionOrMentionAfter = new RegExp(
  String.raw`^(?:(?:(?!\b(?:et|ou)\s|\b(?:me\.?|mes|maitres?|madame|monsieur|mme|m\.)\s|\b(?:${firmForms})\b|\b(?:designant|nommant|designe|nomme)\b)[^;])*?[\s,](?:${qualiteWords}) d(?:e\s*|')|[\s,]*(?:(?:etant|a ete|ayant ete)\s+)?(?:entendue?s?|ayant (?:presente|depose|fait|remis)|qui a (?:presente|depose)|en (?:son|ses|leur|leurs) (?:rapports?|observations|avis))\b)`,
);
/** What ties a firm to the person it acts through, after the firm or after its role (« , prise en la personne de »). */
const personLink = new RegExp(String.raw`^\s*,?\s*(${personLinkWords})\s*`);
/** The same words of a firm's person anywhere in a text: a person is named there. */
const personLinkAnywhere = new RegExp(String.raw`\b(${personLinkWords})\b`);
/** Whether a person is tied to a firm (« prise en la personne de ») after `from`, before the next holder or role. */
const personNamedAfter = (folded: string, from: number, limit: number) => {
  const zone = folded.slice(from, limit);
  const next = zone.slice(1).search(nextHolderPattern);
  return personLinkAnywhere.test(next < 0 ? zone : zone.slice(0, next + 1));
};
/** Where a holder's zone (its name and address) ends: the next holder, powers, a replacement (« en remplacement
 * de », « remplacé par », « remplace », « substitué à »), a role, a judge. */
const nextHolderPattern = new RegExp(
  String.raw`\b(et|ou) (la |le )?(${firmForms}|me\.?|mes|maitres?|madame)\s|` +
    /\bavec (les pouvoirs|pour mission|mission)\b|\ben remplacement\b|\b(remplacee?s?|remplacent|substituee?s?) (par|a|au|aux)\b|\b(liquidateurs?|mandataires? judiciaires?|administrateurs?|commissaires? (?:a|chargee?s? de) l'execution du plan(?: de cession)?|representants? des creanciers|juge-commissaire|juge commissaire|mettant fin|en qualite de|(dans|en) (ses|leurs|les) fonctions)\b/
      .source,
);
/** After a holder, a role given it (« , en qualité de liquidateur », « , liquidateur »), not another holder's. */
const roleAfterHolder =
  /^[\s,]*(en qualite d|(dans|en) (ses|leurs|les) fonctions|(co-?liquidateurs?|liquidateurs?|mandataires? judiciaires?|administrateurs?|commissaires? (?:a|chargee?s? de) l'execution du plan(?: de cession)?|representants? des creanciers)\b)/;
/**
 * After a holder named after its role, the words that discharge them (folded): « administrateur judiciaire Me X étant
 * déchargée de sa mission », « …, est relevé de ses fonctions »: no designation.
 */
const dischargedAfter = /^[\s,]*(?:(?:est|sont|etant|a ete|ont ete)\s+)?(?:dechargee?s?|relevee?s?)\s+(?:de|d')/;
/** Phrases after a holder that undo the designation they report: the reader takes nothing of that sentence. */
const undoneAfter = /\b(est infirme|a ete infirme|est annule|est retracte|sont infirmes|est rapporte)/g;

/** A holder right after its role: a firm, or a person with a title (« désignant liquidateur SAS …, Me … »). */
const holderStart = new RegExp(
  String.raw`^((la |le |l')?(${firmForms})\b|(la |le )?(me\.?|mes|maitres?|madame|monsieur|mme|m\.)\s)`,
);

/** A person's title anywhere (folded): where a person named before their role may start. */
const titleAnywhere = /\b(?:me\.?|mes|maitres?|madame|monsieur|mme|m\.)\s/g;

/**
 * In a designation's words (folded), a profession that is no AJ's nor MJ's: a commissaire de justice (formerly huissier
 * or commissaire-priseur), whom a court may designate liquidateur in a liquidation judiciaire simplifiée (C. com.
 * L. 641-1 II), an avocat, a notaire, a greffier, an expert-comptable (verify51 fault 06).
 */
const professionNotPractitioners =
  /\b(?:commissaires? de justice|huissiers?|commissaires?-priseurs?|avocate?s?|notaires?|greffiere?s?|experts?-comptables?)\b/;

/**
 * The profession a designation says (`d`: its role, firm, person and quote, as written): the one its role implies
 * (mandataire_judiciaire for a liquidateur, a mandataire judiciaire or a représentant des créanciers,
 * administrateur_judiciaire for an administrateur), unless the quote names another profession from its holder on (its
 * firm or person, whichever is written first: « liquidateur Me X, commissaire de justice », « liquidateur Me A et Me B, administrateurs
 * judiciaires », « SAS X, commissaires de justice, prise en la personne de Me Y »; verify51 fault 06) or anywhere a
 * profession that is no AJ's nor MJ's; null then, and for a commissaire à l'exécution du plan (either may be). Never a
 * profession the quoted words contradict.
 */
export function professionOf(d: {
  role: PractitionerRole;
  firm: string | null;
  person: string | null;
  quote: string;
}): Profession | null {
  const implied: Profession | null =
    d.role === 'liquidateur' || d.role === 'mandataire_judiciaire'
      ? 'mandataire_judiciaire'
      : d.role === 'administrateur_judiciaire'
        ? 'administrateur_judiciaire'
        : null;
  if (!implied) return null;
  const words = foldInPlace(d.quote);
  if (professionNotPractitioners.test(words)) return null;
  // The other profession in words before the holder is someone else's (« Me A, mandataire judiciaire, Me B,
  // administrateur judiciaire »: B's quote starts at the verb).
  const at = [d.firm, d.person].map((name) => (name ? d.quote.indexOf(name) : -1)).filter((i) => i >= 0);
  const own = words.slice(at.length ? Math.min(...at) : 0);
  const other =
    implied === 'mandataire_judiciaire' ? /\badministrateurs? judiciaires?\b/ : /\bmandataires? judiciaires?\b/;
  return other.test(own) ? null : implied;
}

const roleOf = (word: string): PractitionerRole =>
  // « représentant des créanciers »: the mandataire judiciaire's office as the law of 25 January 1985 named it (the
  // law of 26 July 2005 renamed it, C. com. L. 622-20), still written in notices of older proceedings.
  word.startsWith('representant')
    ? 'mandataire_judiciaire'
    : word.startsWith('commissaire')
      ? 'commissaire_execution_plan'
      : word.includes('liquidateur')
        ? 'liquidateur'
        : word.startsWith('mandataire')
          ? 'mandataire_judiciaire'
          : 'administrateur_judiciaire';

/**
 * A person's initials after a title, up to a full stop (folded text before it): « me j », « maitre j.-p »,
 * « me a. b »: the full stop is an initial's, part of the name (« Me J. Dupont »), no sentence's end.
 */
const initialAfterTitle = /(?:\bme|\bmaitre|\bm|\bmme|\bmadame|\bmonsieur)\.?\s+(?:[a-z]\.\s*-?\s*)*[a-z]$/;

/** A word of initials (« J. », « J.-P. », « A.B. »): a first name written short, its full stops part of it. */
const initialsWord = /^(?:[A-ZÀ-Ý]\.-?)*[A-ZÀ-Ý]\.$/;

/**
 * Before a full stop (folded text up to it), a letter written alone as an initial: after a space, a full stop, a
 * hyphen or a parenthesis (« M.J.A. », « B.T.S.G. », « J.-P. »).
 */
const initialBefore = /(?:^|[\s.(-])[a-z]$/;
/** Before a full stop, the last letter of dotted initials (« m.j.a » before « M.J.A. »'s last stop). */
const dottedInitialsBefore = /(?:^|[\s(])(?:[a-z]\.-?)+[a-z]$/;
/** What follows dotted initials in a firm's name or a person's (folded): their last stop is no sentence's end. */
const afterInitialsGoesOn =
  /^(me\.?\s|maitre\s|madame\s|monsieur\s|mme\s|m\.\s|prise?\s|pris\s|representee?\s|en la personne\b|mission conduite\b|agissant\s)/;

/**
 * Whether the full stop at `i` is one of dotted initials (« SELARL M.J.A. », « SCP B.T.S.G. », « SELAS A.J.R.S. »):
 * one between two letters written alone (« M.J »), or the last one of such initials before what goes on with a firm or
 * a person (« M.J.A. prise en la personne de », « B.T.S.G. Me … », in capitals too), or before anything but a capital
 * (« B.T.S.G., prise en la personne de »); and an initial's stop before a name that goes on (« SELARL J.-P. Martin
 * prise en la personne de », `nameGoesOnAt`). The last stop before any other word in capitals (« SELARL M.J.A. Les
 * créances… ») ends its sentence: the firm is read with its stop all the same (`readFirm`).
 */
function initialsStop(text: string, folded: string, i: number): boolean {
  const before = folded.slice(Math.max(0, i - 40), i);
  if (!initialBefore.test(before)) return false;
  if (/[a-zà-ÿ]/i.test(text[i + 1] ?? '')) return true;
  let j = i + 1;
  while (j < text.length && /\s/.test(text[j]!)) j++;
  if (nameGoesOnAt(text, folded, j)) return true;
  if (!dottedInitialsBefore.test(before)) return false;
  return (j < text.length && !/[A-ZÀ-Ý]/.test(text[j]!)) || afterInitialsGoesOn.test(folded.slice(j, j + 20));
}

/**
 * Whether a name goes on at `at`, after an initial's stop: up to three capitalised words, then what follows a firm's
 * or a person's name (a comma, a parenthesis, « - », « prise en la personne de », « représentée par »): « SELARL J.-P.
 * Martin prise en la personne de … », « SELARL J. Martin, 12 rue … ». « SELARL M.J.A. Les créances sont … » is no
 * name going on: its stop ends the sentence.
 */
function nameGoesOnAt(text: string, folded: string, at: number): boolean {
  let p = at;
  for (let words = 0; words < 3; words++) {
    const word = text.slice(p, p + 60).match(/^\p{Lu}[\p{L}'’-]*/u);
    if (!word) return false;
    p += word[0].length;
    if (
      /^\s*(,|\(|-\s|(prise?|pris|representee?|agissant)\s|en la personne\b|mission conduite\b)/.test(
        folded.slice(p, p + 30),
      )
    )
      return true;
    const space = text.slice(p, p + 10).match(/^\s+/);
    if (!space) return false;
    p += space[0].length;
  }
  return false;
}

/** A street word written short with a full stop (« 12 av. Foch », « bd. », « pl. », « imm. »), folded: no sentence's end. */
const streetAbbreviation = /\b(av|bd|bld|boul|pl|imm|bat|res|rte|ch|sq|imp|fg|faub|all)$/;

/** Abbreviations a word in lower case may follow (« cf. », « art. », « etc. »), folded: their full stop ends nothing. */
const lowerCaseAbbreviation = /\b(cf|art|etc|al|ex|env|ste|cie|ets|vol|pp)$/;

/**
 * Whether the full stop at `i` is a sentence's end though a word in lower case follows it: with no space between
 * (« Me Jean Fauchet.juge-commissaire », « Lyon.les créances », « Martin.désignant », a missing space after a full
 * stop) or with spaces (« Martin. date de cessation »); not after a word of fewer than two letters (an initial,
 * « s.a.r.l »), an abbreviation (`lowerCaseAbbreviation`), nor inside a web or mail address (« www.creditors-services
 * .com », « contact@mj.fr »: the run of characters without spaces holding the stop).
 */
function endsBeforeLowerCase(text: string, folded: string, i: number): boolean {
  if (!/[a-zà-ÿ]{2}$/.test(folded.slice(Math.max(0, i - 2), i))) return false;
  if (lowerCaseAbbreviation.test(folded.slice(Math.max(0, i - 5), i))) return false;
  let from = i;
  while (from > 0 && !/\s/.test(text[from - 1]!)) from--;
  let to = i;
  while (to < text.length && !/\s/.test(text[to]!)) to++;
  return !/@|:\/\/|\bwww\.|\.(fr|com|net|org|eu|gouv|info|pro)\b/.test(folded.slice(from, to));
}

/**
 * Where each sentence of `text` ends: the indexes of its full stops before a capital or the end (« Lyon.Les »), or
 * before a word in lower case (`endsBeforeLowerCase`: « Fauchet.juge-commissaire »), not « M. » nor « Me. », nor a
 * street word's (« 12 av. Foch »), nor a person's initial after a title (« Me J. Dupont »), in one pass;
 * `sentenceEnd` looks them up, so that a long text is not scanned again from each role it names.
 */
function sentenceEnds(text: string, folded: string): number[] {
  const ends: number[] = [];
  for (let i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) {
    // A stop of a legal form written with them (« S.C.P. »): a space in `folded`, part of the form.
    if (folded[i] !== '.') continue;
    const before = folded.slice(Math.max(0, i - 4), i);
    if (titleStop(folded, i)) continue;
    if (/(\bst|\bbp|\bl|\d)$/.test(before) && !/\d{5}$/.test(folded.slice(Math.max(0, i - 5), i))) continue;
    if (streetAbbreviation.test(folded.slice(Math.max(0, i - 5), i))) continue;
    if (initialAfterTitle.test(folded.slice(Math.max(0, i - 40), i))) continue;
    if (initialsStop(text, folded, i)) continue;
    let j = i + 1;
    while (j < text.length && /\s/.test(text[j]!)) j++;
    if (j === text.length || /[A-ZÀ-Ý]/.test(text[j]!)) ends.push(i);
    else if (/[a-zà-ÿ]/.test(text[j]!) && endsBeforeLowerCase(text, folded, i)) ends.push(i);
  }
  return ends;
}

/** Whether the full stop at `i` is a title's (« M. Henri Blanc », « Me. », « Mme. »): no sentence's end, no stop. */
const titleStop = (folded: string, i: number) => /(\bme|\bm|\bmme|\bmm)$/.test(folded.slice(Math.max(0, i - 4), i));

/** The index of the first of the ascending `values` at or after `from` (`values.length` when none is). */
function firstAtOrAfter(values: readonly number[], from: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where the sentence holding `from` ends (`ends` from `sentenceEnds`): its full stop, or the end of the text. */
function sentenceEnd(text: string, ends: number[], from: number): number {
  return ends[firstAtOrAfter(ends, from)] ?? text.length;
}

interface Cursor {
  text: string;
  folded: string;
  pos: number;
}

const skipSpaces = (c: Cursor) => {
  while (c.pos < c.text.length && /\s/.test(c.text[c.pos]!)) c.pos++;
};

/** Reads a person's name at the cursor: capitalised words and particles, up to an address, a comma or a link. */
function readName(c: Cursor, limit: number): { name: string; end: number } | null {
  const words: string[] = [];
  let end = c.pos;
  let p = c.pos;
  while (p < limit && words.length < 7) {
    const m = c.text.slice(p, limit).match(/^([^\s,;:()]+)([\s,;:()]*)/);
    if (!m) break;
    let word = m[1]!;
    // A full stop ends the name, but an initial's (« J. », « J.-P. »), which a name goes on after.
    const trailingDot = word.endsWith('.') && word.length > 2 && !initialsWord.test(word);
    if (trailingDot) word = word.slice(0, -1);
    const folded = foldInPlace(word);
    const capital = /^[A-ZÀ-Ý]/.test(word);
    const particle = nameParticles.has(folded) || /^d'[a-zà-ÿ]/i.test(word) || /^[dD]'[A-ZÀ-Ý]/.test(word);
    // A particle in lower case must be followed by a name, maybe through more particles (« de Saint-Rapt », « de la
    // Tour », « des Roches », « van der Berg »), not end the name.
    const ofSurname =
      particle &&
      !capital &&
      (/^[dD]'/.test(word) || (/^\s+$/.test(m[2]!) && surnameAfter(c.text, p + m[0].length, limit)));
    if (
      /\d/.test(word) ||
      (streetWords.has(folded) && !(capital && surnameBeforeAddress(c.folded, p + m[1]!.length, limit))) ||
      (nameStopWords.has(folded) && !(capital && words.length === 0) && !ofSurname)
    )
      break;
    if (!capital && !ofSurname) break;
    words.push(word);
    end = p + m[1]!.length - (trailingDot ? 1 : 0);
    p += m[0].length;
    if (/[,;:()]/.test(m[2]!) || trailingDot) break;
  }
  if (!words.length) return null;
  // Names stop before a street type written in capitals in an all-caps notice (« DELATTRE 10 RUE »): handled by
  // digits; a name of one particle alone is no name.
  if (words.every((w) => nameParticles.has(foldInPlace(w)))) return null;
  return { name: c.text.slice(c.pos, end), end };
}

/** The words naming a thoroughfare (folded), a subset of `streetWords`: an address holds one street, never two. */
const thoroughfareWords = new Set(
  (
    'rue avenue boulevard place quai allee allees chemin cours impasse route square passage faubourg esplanade ' +
    'parvis promenade voie sentier'
  ).split(' '),
);

/** A numbered street starting (folded): a street's number (« 3 », « 4/6 », « 2 B », « 12 bis ») and a street word. */
const numberedStreet = new RegExp(
  String.raw`^,?\s*\d+(?:[/-]\d+)?(?:\s?(?:bis|ter|quater|[a-z])\b)?,?\s+(?:${[...streetWords].join('|')})\b`,
);

/**
 * Whether a capitalised street word in a name, ending at `at` (folded), is a surname (« Me Pierre Chemin, 3 rue de
 * Siam », « Me Alain Rue 3 place Wilson », « Maître CHEMIN Pierre, 3 rue … »): a word naming a thoroughfare followed
 * by a numbered street, right after it or after one more word of the name, since an address names one street. A
 * building's or an area's word (« Immeuble Le Forum, 3 rue … ») may stand before a numbered street: never a surname.
 */
function surnameBeforeAddress(folded: string, at: number, limit: number): boolean {
  const word = folded.slice(0, at).match(/[\p{L}-]+$/u)?.[0];
  if (!word || !thoroughfareWords.has(word)) return false;
  const after = folded.slice(at, limit);
  if (numberedStreet.test(after)) return true;
  const next = after.match(/^\s+([\p{L}'-]+)/u);
  return (
    !!next &&
    !streetWords.has(next[1]!) &&
    !nameStopWords.has(next[1]!) &&
    !nameParticles.has(next[1]!) &&
    numberedStreet.test(after.slice(next[0].length))
  );
}

/**
 * Whether a surname in capitals follows at `from`, after particles in lower case only (« la Tour », « der Berg »):
 * not a street, a firm's form nor a word that ends names (« de la SELARL … » is no surname).
 */
function surnameAfter(text: string, from: number, limit: number): boolean {
  const rest = text.slice(from, limit);
  const words = rest.match(/^[^\s,;:()]+(\s+[^\s,;:()]+){0,3}/)?.[0].split(/\s+/) ?? [];
  let at = 0;
  for (const word of words) {
    at = rest.indexOf(word, at) + word.length;
    const folded = foldInPlace(word.replace(/\.$/, ''));
    const capital = /^[A-ZÀ-Ý]/.test(word);
    // « Me Antoine de la Place, 3 rue … »: a street word before a numbered street is the surname.
    const street = streetWords.has(folded) && !(capital && surnameBeforeAddress(foldInPlace(rest), at, rest.length));
    if (/\d/.test(word) || street || nameStopWords.has(folded)) return false;
    if (capital) return true;
    if (!nameParticles.has(folded)) return false;
  }
  return false;
}

/** A pronoun object right before a verb of designation (folded): « et la désignant », « les maintenant », « l'a nommé ». */
const pronounBeforeVerb = /\bet\s+(la|le|les|l')\s*$/;
/** A pronoun right after a verb of designation, all there is before the role (folded): « maintenant celle-ci en … ». */
const pronounAfterVerb =
  /^\s*(celui-ci|celle-ci|ceux-ci|celles-ci|ce dernier|cette derniere|ces derniers|ces dernieres)[\s,]*$/;

/** A title of several persons (« Mes », « Maîtres »), folded: the names after it share it. */
const pluralTitle = /^(mes|maitres)\s/;

/** After a name that a plural title introduced, « et » or a comma before the next name (no title of its own). */
const nextNameOfPluralTitle = new RegExp(
  String.raw`^\s*(,|et|,\s*et)\s+(?!(la |le |l')?(${firmForms}|me\.?|mes|maitres?|madame|monsieur|mme|m\.)\s)`,
);

/**
 * A person introduced by a title (« Me », « Maître », « Madame »), with the title skipped; null when none. Under a
 * plural title (« Mes Quentin Leblanc et Rose Garnier », « Maîtres A, B et C »), the names it introduces, each a
 * person (`more`: the second and after).
 */
function readPerson(
  c: Cursor,
  limit: number,
): { name: string; start: number; end: number; more: { name: string; end: number }[] } | null {
  const at = c.folded.slice(c.pos, limit);
  const title = at.match(personTitle);
  if (!title) return null;
  // « ME » in an all-caps notice is a title too; « me » inside a sentence (« même ») is not: the match is a word.
  const start = c.pos + title[0].length;
  const read = readName({ ...c, pos: start }, limit);
  if (!read) return null;
  const more: { name: string; end: number }[] = [];
  if (pluralTitle.test(title[0])) {
    let end = read.end;
    for (;;) {
      const and = c.folded.slice(end, limit).match(nextNameOfPluralTitle);
      const next = and && readName({ ...c, pos: end + and[0].length }, limit);
      if (!next) break;
      more.push(next);
      end = next.end;
    }
  }
  return { name: read.name, start: c.pos, end: more.at(-1)?.end ?? read.end, more };
}

/**
 * The words that introduce a firm's seat (folded): « domiciliée », « demeurant », « sise », « située », « dont le siège
 * (social) est (situé) », « ayant son siège (social) ».
 */
const seatIntroWords =
  '(?:domicilie(?:e|s|es)?|demeurant|sis(?:e|es)?|situe(?:e|s|es)?|(?:dont le|ayant son) siege(?: social)?(?: est)?(?: situe)?)';
/** A seat's introduction at the start of a seat, with its « à », « au » (« domiciliée au 12 rue … »). */
const seatIntro = new RegExp(String.raw`^${seatIntroWords}(?:\s+(?:a|au|aux))?\s+`);

/**
 * Words that open a clause, never a firm's name (folded): « SARL X étant dissoute de plein droit », « … ayant son
 * siège », « … en liquidation judiciaire » (verify51 fault 10).
 */
const clauseAfterFirm = String.raw`(?:etant|ayant|dont|qui|laquelle|sera|seront|dissoute?s?|en (?:liquidation|redressement|sauvegarde|cours|formation))`;

/**
 * Where a firm's name ends, after its legal form: words opening a clause (`clauseAfterFirm`), the link to its person, an address or the words introducing it,
 * a comma, the next holder, a full stop but dotted initials' (« SELARL M.J.A. », `initialsStop`).
 */
const firmNameEnd = new RegExp(
  String.raw`( ?,? (?:${personLinkWords})| - | ?\(| (me|mes|maitres?|me\.) [a-z]| \d| (bp|cs|tsa) ?\d| ${seatIntroWords}\b|,| avec | ${clauseAfterFirm}\b|(?<![\s.(-][a-z])(?<![a-z]\.-?[a-z])\.( |$)| (et|ou) (${firmForms}|me|mes|maitres?)\b|$)`,
);

/**
 * An address starting (folded): a street's number (« 10 », « 4/6 », « 14-16 », « 2 B », « 12 bis », a comma after it)
 * and a street word (« rue », « allées », « BP »…), or a postal code and its city (« 75002 Paris », « 69 002 Lyon »).
 */
const addressStart = new RegExp(
  String.raw`^(?:\d+(?:[/-]\d+)?(?:\s?(?:bis|ter|quater|[a-z])\b)?,?\s+(?:${[...streetWords].join('|')})\b|(?:\d{5}|\d{2} \d{3})\s+[a-z])`,
);

/**
 * Whether the word holding digits at `at` of a firm's name read after its form (`folded`; `text` the same span as
 * written) is part of that name (« SELARL MJ 2 », « SCP BTSG 2 », « SELARL V39 MJ 0 », « SELARL 2M Associés »): no
 * address starts at it (`addressStart`: « SELARL X 10 rue … », « SCP Y 2 B place … », « SELARL Z 4/6, rue … »), and
 * what follows it up to the name's end is nothing (the link to the person, a comma, a stop…), or words of a firm's
 * name with no address after them (not « SELARL X 12 Le Forum 75002 Paris »): after a number inside the name, only
 * a profession (« SELARL MJ 2 mandataires judiciaires »; not « SELARL X 7 Mail Roosevelt »), or any words after
 * initials in capitals (« SELARL MJ 3 Conseil »). Returns where the name's
 * end is to be looked for next (`firmNameEnd`), or null when the name ends before the word.
 */
function numberInFirmName(text: string, folded: string, at: number, first: boolean): number | null {
  if (addressStart.test(folded.slice(at))) return null;
  const word = folded.slice(at).match(/^\d[\p{L}\d]*(?=[\s,.;:()]|$)/u)?.[0];
  if (!word || /^\d{5,}$/.test(word)) return null;
  const after = at + word.length;
  const next = folded.slice(after).search(firmNameEnd);
  if (next <= 0 || !text.slice(after, after + next).trim()) return after + Math.max(next, 0);
  const stop = after + next;
  const run = text.slice(after, stop).trim();
  if (!firmNameWords(run, true)) return null;
  // « SELARL MJ 2 mandataires judiciaires »: a number is followed by no name but a profession.
  const profession = run.split(/\s+/).every((w) => professionInName.test(foldInPlace(w)));
  // « SELARL MJ 3 Conseil », « SELARL AJ 2 Partenaires »: after letters in capitals (the firm's initials) the number
  // and the words after it go on with the name; after a word of a name (« SELARL Dupont 7 Mail Roosevelt »), they may
  // be an address whose street has no word the reader knows.
  const initialsBefore = /(?:^|\s)[A-Z]{2,5}\s+$/.test(text.slice(0, at));
  if (!first && /^\d+$/.test(word) && !profession && !initialsBefore) return null;
  if (folded[stop] === ' ' && addressStart.test(folded.slice(stop + 1))) return null;
  return stop;
}

/** A word of a firm's name written without its form or after a comma in it: a capital first (« MJ », « Dubois »). */
const firmNameWord = String.raw`[A-ZÀ-Ý][\p{L}'’.-]*`;

/** The words of a profession a firm's name may hold after its first word (folded). */
const professionInName = /^(mandataires?|administrateurs?|judiciaires?|liquidateurs?)$/;

/** A word of a firm's name holding digits after its first (« MJ 2 », « BTSG 2 », « V39 »): up to five characters. */
const firmNumberWord = String.raw`\d[\p{L}\d]{0,4}`;

/**
 * Whether the words of `written` may be a firm's name: each one of `firmNameWord` but « et » and « & » between them
 * and words with digits after the first (`firmNumberWord`), none a word that ends names (« prise », « liquidateur »…),
 * a street's, a title or a legal form. `goesOn`: the words go on a name begun before them (none is its first).
 */
function firmNameWords(written: string, goesOn = false): boolean {
  const words = written.split(/[\s,]+/).filter(Boolean);
  return (
    words.length > 0 &&
    words.every((word, n) => {
      const i = goesOn ? n + 1 : n;
      const f = foldInPlace(word);
      if ((f === 'et' || f === '&') && i > 0 && n < words.length - 1) return true;
      if (i > 0 && new RegExp(`^${firmNumberWord}$`, 'u').test(word)) return true;
      // « Athéna Mandataires », « Alpes Administrateurs Judiciaires »: a profession inside a name, not in capitals
      // (in an all-caps notice it may be the role told after the name).
      if (i > 0 && professionInName.test(f) && word !== word.toUpperCase()) return true;
      return (
        new RegExp(`^${firmNameWord}$`, 'u').test(word) &&
        !nameStopWords.has(f) &&
        !streetWords.has(f) &&
        !personTitle.test(`${f} `) &&
        !firmForm.test(f)
      );
    })
  );
}

/** What may follow a firm's name: the link to its person, its profession in apposition, its seat (folded). */
const afterFirmName = new RegExp(
  String.raw`^\s*,?\s*(${personLinkWords}|(mandataires?|administrateurs?) judiciaires?\b|\d)`,
);

/**
 * A firm's name going on after a comma, listing its partners (« SELARL Martin, Dubois et Associés », « SCP Lenoir,
 * Petit & Vidal »): names in capitals, commas between, « et » or « & » before the last, then what follows a firm's
 * name (`afterFirmName`). Returns where it ends, or null when the comma at `at` ends the name.
 */
function partnersAfterComma(c: Cursor, at: number, limit: number): number | null {
  const list = c.text
    .slice(at, limit)
    .match(
      new RegExp(
        String.raw`^(?:,\s*${firmNameWord}(?:\s+${firmNameWord})*)+\s+(?:et|ET|&)\s+${firmNameWord}(?:\s+${firmNameWord})*`,
        'u',
      ),
    );
  if (!list || !firmNameWords(list[0].slice(1))) return null;
  const end = at + list[0].length;
  return afterFirmName.test(c.folded.slice(end, limit)) ? end : null;
}

/**
 * « société » before a firm written without its form, or its form spelt out (folded): « société d'exercice libéral par
 * actions simplifiée », « société civile professionnelle ».
 */
const formlessFirmOpening =
  /^societe\s+(?:(?:d'exercice liberal(?:e)?(?:\s+(?:a responsabilite limitee|par actions simplifiee|a forme anonyme|en commandite par actions))?|civile professionnelle)\s+)?/;

/**
 * A firm written without its legal form (« MJ SYNERGIE, prise en la personne de Maître … », « la société Athena
 * représentée par Me … »): names in capitals right before the link to a person titled « Me » or « Maître » (a
 * practitioner's title, not a company's manager's). Returns the name and where it ends; null when not that.
 */
function formlessFirm(c: Cursor, limit: number): { firm: string; end: number } | null {
  const from = c.pos + (c.folded.slice(c.pos, limit).match(formlessFirmOpening)?.[0].length ?? 0);
  const words = c.text
    .slice(from, Math.min(limit, from + 120))
    .match(
      new RegExp(
        String.raw`^${firmNameWord}(?:\s+(?:${firmNameWord}|${firmNumberWord}\b|(?:et|ET|&)(?=\s))){0,5}`,
        'u',
      ),
    );
  if (!words) return null;
  // The name's words up to the link: the longest run of them that a link to a titled person follows.
  const split = words[0].split(/\s+/);
  for (let n = split.length; n > 0; n--) {
    const firm = split.slice(0, n).join(' ');
    if (!firmNameWords(firm)) continue;
    const end = from + words[0].indexOf(firm) + firm.length;
    const link = c.folded.slice(end, limit).match(personLink);
    if (link && /^(me\.?|mes|maitres?)\s+[a-z]/.test(c.folded.slice(end + link[0].length, limit)))
      return { firm: c.text.slice(from, end), end };
  }
  return null;
}

/**
 * Whether a firm's name goes on at `at`, after a dash between spaces: a word of a name there, as one after the first
 * of a name (`firmNameWords`: « Tournier », « Mandataires », not « Me », « liquidateur » nor « MANDATAIRES »).
 */
function dashGoesOnInName(c: Cursor, at: number): boolean {
  const word = c.text.slice(at, at + 60).match(new RegExp(`^${firmNameWord}`, 'u'))?.[0];
  return word !== undefined && firmNameWords(`X ${word}`);
}

/**
 * Reads a firm's name after its legal form: up to the link to its person, an address, or a comma (but a comma in a
 * list of its partners, `partnersAfterComma`); or a firm written without its form (`formlessFirm`).
 */
function readFirm(c: Cursor, limit: number): { firm: string; end: number } | null {
  const at = c.folded.slice(c.pos, limit);
  const form = at.match(firmForm);
  if (!form) return formlessFirm(c, limit);
  const rest = at.slice(form[0].length);
  let stop = rest.search(firmNameEnd);
  // A word with digits goes on with the name unless an address starts there (`numberInFirmName`). « SELAS Mercier -
  // Tournier, représentée par Me … », « SCP Bastide – Ferrer », « SELARL MJ Alpes - Mandataires Judiciaires
  // Associés »: a dash between spaces followed by a word of a name (a capital first, neither a title nor a word that
  // ends names) goes on with the firm's name; before « Me » it ties the firm to its person.
  for (;;) {
    if (stop >= 0 && rest[stop] === ' ' && /\d/.test(rest[stop + 1] ?? '')) {
      const on = numberInFirmName(c.text.slice(c.pos + form[0].length, limit), rest, stop + 1, stop === 0);
      if (on === null) break;
      stop = on;
    } else if (stop >= 0 && rest.startsWith(' - ', stop) && dashGoesOnInName(c, c.pos + form[0].length + stop + 3)) {
      const next = rest.slice(stop + 3).search(firmNameEnd);
      stop = next < 0 ? -1 : stop + 3 + next;
    } else break;
  }
  let end = c.pos + form[0].length + (stop < 0 ? rest.length : stop);
  if (c.text[end] === ',') end = partnersAfterComma(c, end, limit) ?? end;
  // Dotted initials at a sentence's end keep their last stop (« désignant liquidateur SELARL M.J.A. Les créances… »).
  if (c.text[end] === '.' && dottedInitialsBefore.test(c.folded.slice(Math.max(0, end - 40), end))) end++;
  const firm = c.text.slice(c.pos, end).trim();
  if (firm.length <= form[0].length) return null;
  return { firm, end };
}

/** Whether a holder starts at `pos`: a firm with its form, a person with a title (`holderStart`), or a firm without
 * its form whose person follows (`formlessFirm`). */
const startsHolder = (text: string, folded: string, pos: number, limit: number) =>
  holderStart.test(folded.slice(pos, limit)) ||
  formlessFirm(
    { text, folded, pos: pos + (folded.slice(pos, limit).match(/^(la |le |l')/)?.[0].length ?? 0) },
    limit,
  ) !== null;

/** A role of ours at the start of a text (folded), and the spaces or colon after it (« administrateurs judiciaires »). */
const roleHere = new RegExp(String.raw`^[\s,]*(?:${roleWords})\b\s*:?\s*`);

/**
 * Whether the role told at `at` (after a holder) heads a holder of its own, written right after it with no comma
 * between (« …, administrateurs judiciaires la SELARL AJ OUEST … », « …, liquidateur SELARL X … », « liquidateur :
 * Me Y »): the role of the group that follows, not the quality of the holder before it. A comma after the role
 * (« Me A mandataire judiciaire, Me B … ») leaves it the holder's before; so does a person with a title right after
 * it when `firmsOnly` (« désignant Me A mandataire judiciaire Me B … »: either reading may be meant, and the one of
 * fault 04 of issue 11's hostile check is kept).
 */
function headsHolderAt(text: string, folded: string, at: number, limit: number, firmsOnly = false): boolean {
  const role = folded.slice(at, limit).match(roleHere);
  if (!role) return false;
  const next = at + role[0].length;
  return firmsOnly
    ? new RegExp(String.raw`^(la |le |l')?(${firmForms})\b`).test(folded.slice(next, limit))
    : startsHolder(text, folded, next, limit);
}

/**
 * After a role given to holders, more roles joined to it by « et » (folded): « … en qualité de mandataire judiciaire
 * et de commissaire à l'exécution du plan », « …, mandataire judiciaire et commissaire à l'exécution du plan », « … de
 * mandataire judiciaire, d'administrateur et de … », « désignant mandataire judiciaire et commissaire à l'exécution du
 * plan Me X » (verify49 fault 01). One step of the list: its separator (group 1), maybe a condition (group 2: « et, le
 * cas échéant, liquidateur »), then « de » or « en qualité de » without an article (« et du liquidateur », « et de
 * l'administrateur » name someone else's office), then the role (group 3).
 */
const joinedRoleStep = new RegExp(
  String.raw`^(\s*,\s*(?:et\s+)?|\s+et\s+|\s*,?\s*ainsi qu(?:e\s+|')|\s*,?\s*et\s*,?\s*(le cas echeant|eventuellement|s'il y a lieu|si necessaire)\s*,?\s*)(?:(?:${qualiteWords}) d(?:e\s*|')|de\s+|d')?(${roleWords})\b`,
);

/** A role joined to another (`joinedRoles`); `conditional` when given only « le cas échéant »: not designated. */
interface JoinedRole {
  role: PractitionerRole;
  start: number;
  end: number;
  conditional: boolean;
}

/**
 * The roles joined to the role ending at `roleEnd` (`joinedRoleStep`), up to `limit`: the same holders are
 * designated in each (but a conditional one). None when the list does not end with « et » or « ainsi que » (« …,
 * liquidateur, mandataire judiciaire à Lyon » is a profession told after, not a second role), or when a role of it is
 * another office (« et administrateur provisoire »). Holders told after the roles (`headed`): the last role must head
 * them (« mandataire judiciaire et commissaire à l'exécution du plan Me X »); told before: no role of the list may
 * head a holder of its own (« Me A mandataire judiciaire et administrateur SELARL X … » is another designation).
 */
function joinedRoles(text: string, folded: string, roleEnd: number, limit: number, headed = false): JoinedRole[] {
  const roles: JoinedRole[] = [];
  let at = roleEnd;
  let joined = false;
  let heads = false;
  for (let m = folded.slice(at, limit).match(joinedRoleStep); m; m = folded.slice(at, limit).match(joinedRoleStep)) {
    const end = at + m[0].length;
    const start = end - m[3]!.length;
    if (otherOfficeAfter.test(folded.slice(end, end + 25))) return [];
    roles.push({ role: roleOf(m[3]!), start, end, conditional: m[2] !== undefined });
    joined = /\b(?:et|ainsi)\b/.test(m[1]!);
    at = end;
    heads = headsHolderAt(text, folded, start, limit);
    if (heads) break;
  }
  return joined && heads === headed ? roles : [];
}

interface City {
  city: string;
  postalCode: string;
  end: number;
}

/**
 * The postal code and city of the address that starts at `from` (`addressAttached`), up to `limit`; null when none,
 * or when other words come between (« Me X, fixant la date de cessation des paiements …, pour l'établissement situé
 * 4 rue … 74000 Annecy »: the debtor's address, not X's; verify51 fault 07).
 */
function readCity(text: string, folded: string, from: number, limit: number): City | null {
  // The first number of five digits followed by a city: a CEDEX or BP number before the code (« CS 40012 35201
  // Rennes Cedex ») is followed by no city, and is passed.
  for (const code of folded.slice(from, limit).matchAll(/(?<![^\s,])(\d{5}|\d{2} \d{3})\s+(?=\S)/g)) {
    if (!addressAttached(text, folded, from, from + code.index)) return null;
    const city = cityAfterCode(text, from + code.index + code[0].length, limit);
    if (city) return { ...city, postalCode: code[1]!.replace(' ', '') };
  }
  return null;
}

/**
 * The first words of a part of an address (folded) that make it no address but another clause of the judgment, in
 * capitals too (« FIXANT LA DATE … »): a date, the debtor's establishment or business, the period of observation.
 */
const clauseNotAddress =
  /^(?:fixant|fixee?|fixe|date|pour|concernant|activite|fonds|periode|cessation|etablissement|exploitee?|exploitant|debiteur|societe|jugement|ouverture|prononcant|arretant|expirant|etant|ayant|dont|qui)\b/;
/**
 * A profession in apposition opening a part of an address (folded): « mandataire judiciaire », « … associés »,
 * « commissaire de justice » (who may be designated liquidateur, verify51 fault 06).
 */
const professionOpening = new RegExp(
  String.raw`^(?:${firmProfession}|commissaires? de justice|huissiers? de justice|commissaires?-priseurs?)\b`,
);

/**
 * Whether the text `[from, codeAt)` before a postal code is only an address's start (verify51 fault 07): each of its
 * parts between commas opens with a number, a street word (« rue », « Immeuble », « BP »), the words introducing a
 * seat (« demeurant », « domicilié »), a profession in apposition (« mandataire judiciaire », `firmProfession`) or a
 * former office (« précédemment conciliateur »), or
 * a name in capitals (« Le Forum »: neither a legal form, a title, nor a clause's first word, `clauseNotAddress`); no
 * date written with slashes. « , fixant la date de cessation des paiements au 12/11/2025, pour l'établissement situé
 * 4 rue … » or « , SAS Lac Annecy Contact, 4 rue … » is not: that address is someone else's.
 */
function addressAttached(text: string, folded: string, from: number, codeAt: number): boolean {
  // An aside in parentheses (« (www.mj-benali.fr) », « (cf. annexe) ») is passed, blanked to the same length.
  const lead = folded.slice(from, codeAt).replace(/\([^()]*\)/g, (aside) => ' '.repeat(aside.length));
  if (/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/.test(lead)) return false;
  let at = from;
  for (const part of lead.split(',')) {
    const skip = part.match(/^[\s()\-\u2013\u2014]*/)![0].length;
    const start = at + skip;
    at += part.length + 1;
    const words = lead.slice(start - from, start - from + part.length - skip);
    if (!words.trim()) continue;
    if (/^\d/.test(words) || seatIntro.test(`${words} `) || professionOpening.test(words)) continue;
    // The person's former office (« précédemment conciliateur », « ancien commissaire à l'exécution du plan »).
    if (/^(?:precedemment|anciennement|ancien(?:ne)?s?|ex-)/.test(words)) continue;
    const first = words.match(/^[a-z'-]+/)?.[0] ?? '';
    if (streetWords.has(first) || /^(?:bp|cs|tsa)$/.test(first)) continue;
    if (
      /^[A-ZÀ-Ý]/.test(text[start] ?? '') &&
      !firmForm.test(words.replace(/^(?:la |le |l')/, '')) &&
      !personTitle.test(words) &&
      !clauseNotAddress.test(words)
    )
      continue;
    return false;
  }
  return true;
}

/** The city written at `cityStart`, after a postal code, up to `limit` (« Cedex 02 » after it included in `end`). */
function cityAfterCode(text: string, cityStart: number, limit: number): Omit<City, 'postalCode'> | null {
  const words: string[] = [];
  let p = cityStart;
  let end = cityStart;
  while (p < limit) {
    const m = text.slice(p, limit).match(/^([^\s,;.()]+)(\s*)/);
    if (!m) break;
    const word = m[1]!;
    const f = foldInPlace(word);
    const capital = /^[A-ZÀ-Ý]/.test(word);
    if (f === 'cedex' || /^\d/.test(word)) {
      end = p;
      break;
    }
    if (!capital && !(['sur', 'en', 'de', 'du', 'la', 'le', 'les', 'aux', 'lès', 'les'].includes(f) && words.length))
      break;
    if (!capital) {
      const next = text.slice(p + m[0].length, limit).match(/^([^\s,;.()]+)/)?.[1];
      if (!next || !/^[A-ZÀ-Ý]/.test(next)) break;
    }
    words.push(word);
    end = p + word.length;
    p += m[0].length;
  }
  if (!words.length) return null;
  const cedex = text.slice(end, limit).match(/^\s*cedex(\s*\d+)?/i);
  return { city: text.slice(cityStart, end).trim(), end: cedex ? end + cedex[0].length : end };
}

/** The words that tie a firm to the person it acts through, after something else (« …, prise en la personne de »). */
const personLinkAfter = new RegExp(String.raw`[\s,](${personLinkWords})\s*`);
/** A firm's profession in apposition at the end of what is before its person (« …, mandataire judiciaire, »). */
const professionAtEnd = new RegExp(String.raw`,\s*${firmProfession}[\s,]*$`);
/** In a firm's seat, what makes it no address: a title, a firm's legal form, a clause's end. */
const notInSeat = new RegExp(String.raw`\b(me\.?|mes|maitres?|madame|monsieur|mme|m\.|${firmForms})\s|;`);

/**
 * The city of a firm's seat written exactly in `[from, to)`, between commas or spaces: an address starting with a
 * number (« 4/6 », « 102 bis », « 2 B ») or a street word (« BP », « Immeuble »), maybe introduced as one
 * (« domiciliée », « demeurant », « sise au », « dont le siège est »: `seatIntro`), ending in a postal code and a city
 * (« Cedex 02 » allowed); null when anything else is there (a title, a firm, a role, powers, another holder).
 */
function seatIn(text: string, folded: string, from: number, to: number): City | null {
  const spaces = folded.slice(from, to).match(/^[\s,]*/)![0].length;
  const lead = spaces + (folded.slice(from + spaces, to).match(seatIntro)?.[0].length ?? 0);
  const seat = folded.slice(from + lead, to);
  const first = seat.match(/^(\d|[a-z-]+)/)?.[1];
  if (!first || !(/\d/.test(first) || streetWords.has(first))) return null;
  if (seat.length > 200 || notInSeat.test(seat) || nextHolderPattern.test(seat)) return null;
  const city = readCity(text, folded, from + lead, to);
  return city && /^[\s,]*$/.test(folded.slice(city.end, to)) ? city : null;
}

/**
 * A firm's seat written between the firm and its person (« SELARL X, 4 rue Y 59000 Lille, prise en la personne de
 * Me Z », « SCP X 2 B place du Marché 13001 Marseille représentée par Me Z »), maybe with the firm's profession
 * after it (« …, 59000 Lille, mandataire judiciaire, prise en la personne de »): at `from`, right after the firm's
 * name or its role. Returns the seat's city and where the person starts; null when it is not that.
 */
function seatBeforePerson(text: string, folded: string, from: number, limit: number) {
  const link = folded.slice(from, Math.min(limit, from + 300)).match(personLinkAfter);
  if (!link || link.index === undefined) return null;
  const linkAt = from + link.index;
  const profession = folded.slice(from, linkAt + 1).match(professionAtEnd);
  const city = seatIn(text, folded, from, profession?.index === undefined ? linkAt + 1 : from + profession.index);
  return city && { city, personAt: linkAt + link[0].length };
}

/** The powers written after an administrateur (« avec les pouvoirs : assistance »), up to the next role or stop. */
function readPowers(text: string, folded: string, from: number, limit: number) {
  const m = folded.slice(from, limit).match(/^[\s,]*avec (les pouvoirs|pour mission|mission)\b/);
  if (!m) return null;
  const start = from + folded.slice(from).indexOf('avec');
  const after = folded.slice(start, limit);
  // The powers end before the next role, the next holder or the next verb of designation (« …, et désignant Me Y »).
  const next = after
    .slice(4)
    .search(
      new RegExp(
        String.raw`,? ?\b(mandataires? judiciaires?|representants? des creanciers|liquidateurs?|commissaires? (?:a|chargee?s? de) l'execution)\b|,?\s+(et|ou)\s+(la |le )?(${firmForms}|me\.?|mes|maitres?)\s|,?\s+(et\s+)?${designationVerbs.source}`,
      ),
    );
  const end = next < 0 ? limit : start + 4 + next;
  const written = text.slice(start, end).replace(/[\s,]+$/, '');
  const f = foldInPlace(written);
  const kinds: AdministratorPower[] = [];
  if (/assist/.test(f)) kinds.push('assistance');
  if (/represent|administration complete|seul(e)? charge/.test(f)) kinds.push('representation');
  if (/surveill/.test(f)) kinds.push('surveillance');
  return { text: written, kinds, end: start + written.length };
}

/**
 * The powers of a role read up to `from` (only an administrateur judiciaire has them) and where the designation
 * then ends: after its powers, else at `from`.
 */
function powersAfter(role: PractitionerRole, text: string, folded: string, from: number, limit: number) {
  const p = role === 'administrateur_judiciaire' ? readPowers(text, folded, from, limit) : null;
  return { powers: p ? { text: p.text, kinds: p.kinds } : null, end: p?.end ?? from };
}

/** A holder read in a designation, as the reader returns it (its quote: the span the caller cut). */
function designated(
  role: PractitionerRole,
  holder: Holder,
  city: City | null | undefined,
  powers: ExtractedPractitioner['powers'],
  quote: string,
): ExtractedPractitioner {
  return {
    role,
    firm: holder.firm,
    person: holder.person,
    name: holder.person && displayPersonName(holder.person, holder.firm),
    profession: professionOf({ role, firm: holder.firm, person: holder.person, quote }),
    city: city?.city ?? null,
    postalCode: city?.postalCode ?? null,
    powers,
    quote: quote.trim(),
    ...streetWordAfterName(quote, holder.person),
  };
}

/**
 * The capitalised street word right after a person's name in its quote (« Me Alain Rue 29200 Brest » → « Rue »),
 * which the name was cut before (`readName`): `{ streetWordAfter }`, or nothing.
 */
function streetWordAfterName(quote: string, person: string | null): { streetWordAfter?: string } {
  if (!person) return {};
  const at = quote.indexOf(person);
  const next = at < 0 ? null : quote.slice(at + person.length).match(/^,?\s+([A-ZÀ-Ý][\p{L}-]*)/u);
  return next && thoroughfareWords.has(foldInPlace(next[1]!)) ? { streetWordAfter: next[1]! } : {};
}

interface Holder {
  firm: string | null;
  person: string | null;
  start: number;
  /** Where the holder's own words end (name), before its address. */
  nameEnd: number;
}

/**
 * Professions that are no practitioner's and no office a court designates here (folded): « avocate du débiteur », « avocat
 * au barreau de … », « greffier », « expert-comptable » (verify51 fault 08). A person they qualify after a holder
 * joined by « et » is not a holder of the role.
 */
const otherProfessions = String.raw`\b(?:avocate?s?|greffiere?s?|experts?-comptables?|commissaires? aux comptes)\b`;

/**
 * After a holder's name or address, the words giving it a quality of its own (« , commissaire de justice », « en
 * qualité de représentant des salariés », « , administrateur judiciaire », « , avocate du débiteur »): a role, an
 * office (`otherOffices`) or another profession (`otherProfessions`), not the one told before it.
 */
const ownQualityAfter = new RegExp(
  String.raw`^[\s,]*(?:${qualiteWords}|(?:co-?liquidateurs?|liquidateurs?|mandataires?|administrateurs?|commissaires?|representants? des creanciers)\b|${otherOffices.source}|${otherProfessions})`,
);

/**
 * Before a firm told after its person (folded): a comma, a parenthesis or a dash (« Me X (SELARL Y) », « Me X - SELARL
 * Y - … »), or « membre de la », « associé de la », « mandataire judiciaire associé de la » (verify49 fault 05), « de
 * la ».
 */
const firmAfterPersonLead = new RegExp(
  String.raw`^\s*(?:,|\(|[-\u2013\u2014])?\s*(?:(?:(?:mandataires?|administrateurs?) judiciaires?\s+)?(?:membres?|associee?s?|gerante?s?|exercant au sein)\s+(?:de\s+|d')?)?(?:de\s+)?(?:la |le |l')?(?=(?:${firmForms})\b)`,
);
/** A company's legal form (folded) that an étude rarely takes: SAS, SARL, EURL. */
const commercialForm = /^(?:sas|sarl|eurl)\b/;
/** The words tying a person to the firm after them (folded): « membre de la », « associé de la », « exerçant au sein de ». */
const firmMembership = /\b(?:membres?|associee?s?|gerante?s?|exercant au sein)\b/;

/** After a firm, what makes it the holder of a person of its own (« SELARL Y prise en la personne de Me Z »). */
const firmsOwnPerson = new RegExp(String.raw`^\s*,?\s*\(?\s*(${personLinkWords}|(me\.?|mes|maitres?)\s)`);

/**
 * The firm written right after a person (« Me Claire Ombredane, SELARL Nord Liquidations 10 rue … », « Maître LE
 * GALL Yannick, SELARL Atlantique MJ, 5 quai … », « Me X membre de la SELARL Y, … »): read with its legal form as
 * when it is written first (`readFirm`), the cursor at the person's end; null when none is there; `unread` when
 * the firm has a person of its own after it (« Me X, SELARL Y prise en la personne de Me Z »: whose firm it is, and
 * what Me Z holds, is not told in a way the reader knows).
 */
function firmAfterPerson(c: Cursor, limit: number): { firm: string; end: number } | 'unread' | null {
  const lead = c.folded.slice(c.pos, limit).match(firmAfterPersonLead);
  if (!lead) return null;
  // « Me X, SARL Y étant dissoute », « Me X, de la SAS Y, 4 rue … »: a company's form (SAS, SARL, EURL), which an
  // étude rarely takes and a debtor usually does, is the person's firm only when the text says so (« associé de la »,
  // « membre de la »); else it is no firm of theirs (verify51 fault 10).
  if (commercialForm.test(c.folded.slice(c.pos + lead[0].length, limit)) && !firmMembership.test(lead[0])) return null;
  const read = readFirm({ ...c, pos: c.pos + lead[0].length }, limit);
  if (!read) return null;
  // « Me X (SELARL Y) »: the parenthesis the lead opened closes the firm, no part of its name.
  const closing = lead[0].includes('(') && !read.firm.includes('(') ? read.firm.match(/\s*\)$/) : null;
  const firm = closing ? { ...read, firm: read.firm.slice(0, -closing[0].length) } : read;
  return firmsOwnPerson.test(c.folded.slice(firm.end, limit)) ? 'unread' : firm;
}

/** After a person, their profession in apposition and then an address (folded): « , mandataire judiciaire, 1 place … ». */
const professionBeforeAddress = new RegExp(
  String.raw`^\s*,\s*${firmProfession}\s*,\s*(?=\d|(?:${[...streetWords].join('|')})\b)`,
);
/**
 * After a firm read alone, its person told further in the same clause past words of apposition (folded): a comma,
 * up to 80 characters with no stop, no « et », no verb of designation and no other firm, then the link to a titled
 * person.
 */
const firmsPersonFurther = new RegExp(
  String.raw`^\s*,(?:(?!\s(?:et|ou)\s|\b(?:designant|nommant|designe|nomme|${firmForms})\b)[^;.]){1,80}?[\s,](?:${personLinkWords})\s+(?:me\.?|mes|maitres?)\s`,
);

/**
 * A profession in the plural in apposition (folded), up to a comma, a stop or the end: « , mandataires judiciaires
 * associés », « , administrateurs judiciaires », « , commissaires de justice ».
 */
const pluralApposition =
  /^\s*,\s*(?:mandataires judiciaires|administrateurs judiciaires|commissaires de justice)(?:\s+associee?s)?\s*(?=[,.;]|$)/;

/** « et » before another holder: a firm or a person with a title. */
const holdersJoined = new RegExp(String.raw`^[\s,]*(et|ou)\s+(?=(la |le )?(${firmForms}|me\.?|mes|maitres?|madame)\s)`);

/**
 * The holders named at the cursor: a firm and its person(s), or a person alone; several joined by « et ». Stops at
 * `limit`. Returns the holders and where the reading stopped (after the last address).
 */
function readHolders(c: Cursor, limit: number): { holders: Holder[]; cities: (City | null)[]; end: number } | null {
  const holders: Holder[] = [];
  const cities: (City | null)[] = [];
  let end = c.pos;
  for (let round = 0; round < 4; round++) {
    skipSpaces(c);
    const article = c.folded.slice(c.pos, limit).match(/^(la |le |l')/);
    if (article) c.pos += article[0].length;
    const start = c.pos;
    const firm = readFirm(c, limit);
    let firmAfter: { firm: string; end: number } | null = null;
    const persons: { name: string; end: number }[] = [];
    let seat: ReturnType<typeof seatBeforePerson> = null;
    if (firm) {
      c.pos = firm.end;
      // « la SCP Martin et Martin, mandataires judiciaires, prise en la personne de … »: the profession in apposition.
      // « …, mandataires judiciaires associés, … », « …, société de mandataires judiciaires, … » (verify49 fault 05).
      const apposition = c.folded.slice(c.pos, limit).match(professionBetweenCommas);
      if (apposition) c.pos += apposition[0].length;
      const link = c.folded
        .slice(c.pos, limit)
        .match(new RegExp(String.raw`^\s*,?\s*(?:\(\s*)?(${personLinkWords}|-|:)?\s*`));
      // « SELARL X, 4 rue Y 59000 Lille, prise en la personne de Me Z »: the firm's seat before its person.
      seat = link?.[1] ? null : seatBeforePerson(c.text, c.folded, c.pos, limit);
      const afterLink = seat?.personAt ?? c.pos + (link?.[0].length ?? 0);
      const person = readPerson({ ...c, pos: afterLink }, limit);
      if (person) {
        persons.push(person, ...person.more);
        c.pos = person.end;
      } else if (seat || (link?.[1] && link[1] !== '-' && link[1] !== ':')) {
        // « prise en la personne de » and no readable person: the firm's person is unknown.
        return null;
      } else {
        // A firm whose name the reader stopped short of (« SELARL =HYPERLINK("…") prise en la personne de Me @Jean »):
        // a person link further in its zone says that a person is named, and not read: never the firm alone.
        const zone = c.folded.slice(c.pos, limit);
        const next = zone.search(nextHolderPattern);
        // So does a title there (« SELARL X, 4 rue Y 59000 Lille, Me Z »): a person told in a way not read.
        const own = next < 0 ? zone : zone.slice(0, next);
        if (personLinkAnywhere.test(own) || /\b(me\.?|mes|maitres?)\s+[a-z]/.test(own)) return null;
        // Nor when words the reader does not know stand between the firm and its person, a role's words among them
        // (« SELARL X, mandataires judiciaires inscrits, prise en la personne de Me Y »): never the firm alone.
        if (firmsPersonFurther.test(zone)) return null;
      }
    } else {
      const person = readPerson(c, limit);
      if (!person) break;
      persons.push(person, ...person.more);
      c.pos = person.end;
      // « Me X, SELARL Y 10 rue … », « Me X membre de la SELARL Y, … »: the firm told after its person is theirs.
      const after = firmAfterPerson(c, limit);
      if (after === 'unread') return null;
      firmAfter = after;
      if (firmAfter) c.pos = firmAfter.end;
    }
    // More persons of the same firm: « Me Marc Olivetti et Me Julie Sabatier », « en la personne de Me Marc Olivetti
    // et de Me Julie Sabatier ».
    for (;;) {
      const more = c.folded
        .slice(c.pos, limit)
        .match(/^\)?\s*(,|et|ou|,\s*(et|ou))\s+(de\s+)?(?=(me\.?|mes|maitres?|madame|mme)\s)/);
      if (!more) break;
      const next = readPerson({ ...c, pos: c.pos + more[0].length }, limit);
      if (!next) break;
      // A second person with their own address is a holder of their own (the next round reads it).
      if (!firm) break;
      persons.push(next, ...next.more);
      c.pos = next.end;
    }
    const close = c.folded.slice(c.pos, limit).match(/^\s*\)/);
    if (close) c.pos += close[0].length;
    const nameEnd = c.pos;
    // « Me Paul Faure, mandataire judiciaire, 1 place du Capitole 31000 Toulouse »: a person's profession in
    // apposition before their address is passed to read it (verify49 fault 05).
    const profession = firm ? null : c.folded.slice(c.pos, limit).match(professionBeforeAddress);
    const addressAt = c.pos + (profession?.[0].length ?? 0);
    // The address: up to the next holder (« et SCP … », « et Me … »), a role, powers or the end.
    const nextHolder = c.folded.slice(addressAt, limit).search(nextHolderPattern);
    const zoneEnd = nextHolder < 0 ? limit : addressAt + nextHolder;
    // The address after the person, else the firm's seat before it (the reading ending after the person).
    const city = readCity(c.text, c.folded, addressAt, zoneEnd) ?? (seat && { ...seat.city, end: nameEnd });
    // A holder joined by « et » given its own quality after its name or address (« et Me X, commissaire de justice »,
    // « et Me X en qualité de représentant des salariés », « et Me X en qualité d'administrateur judiciaire »): not
    // a holder of this role; the reading ends before « et » (a role of ours is read where it is told).
    // « Me A et Me B, mandataires judiciaires associés, 2 avenue … »: a profession in the plural after the last of
    // several holders describes them all (verify51 fault 09), no role of B's own; the address after it is theirs.
    const plural = round > 0 ? c.folded.slice(nameEnd, limit).match(pluralApposition) : null;
    if (
      round > 0 &&
      !plural &&
      [nameEnd, city?.end ?? nameEnd].some(
        (at) => ownQualityAfter.test(c.folded.slice(at, limit)) && !headsHolderAt(c.text, c.folded, at, limit),
      )
    )
      break;
    const names = persons.length ? persons.map((p) => p.name) : [null];
    for (const person of names) {
      holders.push({ firm: firm?.firm ?? firmAfter?.firm ?? null, person, start, nameEnd });
      cities.push(city);
    }
    if (plural) {
      // Each is quoted up to the words that describe them all (and the address, when shared).
      const described = nameEnd + plural[0].length;
      holders.forEach((h, i) => {
        cities[i] ??= city;
        if (!cities[i]) h.nameEnd = Math.max(h.nameEnd, described);
      });
    }
    end = city?.end ?? nameEnd + (plural?.[0].length ?? 0);
    c.pos = end;
    const and = c.folded.slice(c.pos, limit).match(holdersJoined);
    if (!and) break;
    c.pos += and[0].length;
  }
  if (!holders.length) return null;
  return { holders, cities, end };
}

/**
 * A judgment's title naming the role it designates or replaces (« désignation d'un administrateur judiciaire »,
 * « remplacement du liquidateur », « nomination d'un mandataire judiciaire »), folded.
 */
const titleRolePattern = new RegExp(
  String.raw`\b(?:designation|nomination|remplacement|changement|adjonction)\s+(?:d'un\s+|d'une\s+|du\s+|de l'|de la\s+|des\s+|de\s+)?(${roleWords})\b`,
  'g',
);

/**
 * The role named by the title of a judgment before a designation (`before`, folded): the one role its titles name
 * (`titleRolePattern`), or null when none or several are named, or another office is.
 */
function roleOfTitle(before: string): PractitionerRole | null {
  const roles = new Set([...before.matchAll(titleRolePattern)].map((m) => roleOf(m[1]!)));
  return roles.size === 1 && !otherOffices.test(before) ? [...roles][0]! : null;
}

/**
 * After a holder, the words that make it the one replaced and the holder after them the one designated (folded):
 * « Me Y, remplacé par Me X », « …, est remplacée dans ses fonctions par la SELARL … ».
 */
const replacedByAfter =
  /^[\s,]*(?:(?:est|sont|a ete|ont ete)\s+)?remplacee?s?\s+(?:(?:dans|en) (?:ses|leurs) fonctions\s+)?par\s+/;

/**
 * The wordings of a replacement naming both holders that the other rules leave (folded, verify49 fault 06): a passive
 * designation « en remplacement de » after the new holder (group 1), a passive « est remplacé par » after the one
 * replaced (group 2), or a verb before the one replaced, « par » before the new one (« remplaçant Me Y par Me X »,
 * « pourvoyant au remplacement de Me Y, mandataire judiciaire, par Me X »).
 */
const replacementWordings = new RegExp(
  String.raw`[\s,]*\b(?:(est|sont|a ete|ont ete) (?:designee?s?|nommee?s?)\s+(?=(?:en remplacement|aux? lieu et place|en lieu et place)\s+(?:de|du|d'))|(est|sont|a ete|ont ete)\s+remplacee?s?\s+(?:(?:dans|en) (?:ses|leurs) fonctions\s+)?par\s+|(?:remplacant|remplace|a remplace|(?<!\ben )remplacement\s+(?:de|d'))\s+(?=(?:la |le |l')?(?:${firmForms}|me\.?|mes|maitres?|madame|monsieur|mme|m\.)\s))`,
  'g',
);
/** « par » before a holder (folded): where the new holder of a replacement is told. */
const newHolderAfterPar = new RegExp(
  String.raw`[\s,]par\s+(?=(?:la |le |l')?(?:${firmForms}|me\.?|mes|maitres?|madame|monsieur|mme|m\.)\s)`,
);
/** After the holder a verb replaces (« remplaçant Me Y »), its role maybe, then « par » before the new holder. */
const byAfterReplaced = new RegExp(String.raw`^[\s,]*(?:(?:${roleWords})\b[\s,]*)?par\s+`);

/** After the practitioner replaced (« … remplace la SCP Y »), the role the replacement is in (folded). */
const roleAfterReplaced = new RegExp(String.raw`^[\s,]*(?:(?:${qualiteWords}) d(?:e\s*|'))?(${roleWords})\b`);

/** The words before the practitioner a designation replaces (« en remplacement de », « au lieu et place de »). */
const replacementClause = /^[\s,]*(?:en remplacement|aux? lieu et place|en lieu et place)\s+(?:de\s+|du\s+|d')/;

/**
 * Where a clause naming the practitioner replaced (« en remplacement de Me B », « au lieu et place de la SELARL X »)
 * ends when one starts at `from` (after a designated holder), its holders read up to `limit`; else `from`. The one
 * replaced is named, not designated: the role told after the clause is the designated holder's.
 */
function replacedEnd(text: string, folded: string, from: number, limit: number): number {
  return replacedAt(text, folded, from, limit)?.end ?? from;
}

/** The practitioners a clause at `from` replaces (`replacedEnd`) and where it ends; null when none is read there. */
function replacedAt(text: string, folded: string, from: number, limit: number, substituting = false) {
  const clause =
    folded.slice(from, limit).match(replacementClause) ??
    (substituting ? folded.slice(from, limit).match(substitutedClause) : null);
  if (!clause) return null;
  const replaced = readHolders({ text, folded, pos: from + clause[0].length }, limit);
  return replaced && { start: from, end: replaced.end, holders: replaced.holders.map(replacedHolder) };
}

/** After the holder a substitution designates, « à » before the one it replaces (« substituant Me X à Me Y »). */
const substitutedClause = new RegExp(
  String.raw`^[\s,]*(?:a|au)\s+(?=(?:la |le |l')?(?:${firmForms}|me\.?|mes|maitres?|madame|monsieur|mme|m\.)\s)`,
);

/** A holder replaced, as a designation names it (`ExtractedPractitioner.replaces`). */
const replacedHolder = (h: Holder): NonNullable<ExtractedPractitioner['replaces']>[number] => ({
  firm: h.firm,
  person: h.person,
  name: h.person && displayPersonName(h.person),
});

/**
 * The longest text read for practitioners, in characters: a real judgment's is a few thousand; a longer one is not
 * read (nothing taken, nothing reported by the reader: the import reports it, `import.ts`).
 */
export const maxReadLength = 100_000;

/**
 * The practitioners a notice's text designates, each with its role, firm, person, city, powers and the exact span
 * quoted; and the passages that look like designations but could not be read with certainty (nothing is taken of
 * them). `text` is the notice's `jugement.complementJugement`, already repaired (see encoding.ts); a text longer than
 * `maxReadLength` is not read (an empty reading).
 */
export function extractPractitioners(input: string): PractitionerReading {
  if (input.length > maxReadLength) return { practitioners: [], uncertain: [] };
  const text = input.normalize('NFC');
  // « M° », a typewriter's Maître, read as « Me » (two characters for two: the indexes stay the text's).
  // « en tant que mandataire judiciaire » read as « en tantq de … » (twelve characters for twelve), so that it is one
  // of the `qualiteWords` before « de » as « en qualité de ».
  // « S.E.L.A.R.L. », « S.C.P. » read as « SELARL », « SCP » (spaces for their stops: the indexes stay the text's).
  const folded = foldInPlace(undottedFormsInPlace(text))
    .replace(/\bm°(?=\s)/g, 'me')
    .replace(/\ben tant que (?=[a-z])/g, 'en tantq de ');
  const ends = sentenceEnds(text, folded);
  const practitioners: ExtractedPractitioner[] = [];
  const uncertain: UncertainPassage[] = [];
  const discharged: ReplacementWithoutHolder[] = [];
  const withoutRole: ReplacementWithoutRole[] = [];
  const taken: [number, number][] = [];
  // Every span taken starts at or before the role being read, so a later role lies in one when it comes before the
  // furthest end: one comparison, not a look at every span.
  let takenUntil = 0;
  const take = (span: [number, number]) => {
    taken.push(span);
    takenUntil = Math.max(takenUntil, span[1]);
  };
  // Where the phrases undoing a designation are (start, end), found once: looked up between a holder and its
  // sentence's end.
  const undone = [...folded.matchAll(undoneAfter)];
  // The full stops (not an initial's) and semicolons, and the verbs of designation, where they are: found once.
  const stops: number[] = [];
  for (let i = 0; i < folded.length; i++) {
    // An initial's full stop (« Me J. Dupont », « SELARL M.J.A. ») is part of a name, a street word's (« av. ») of an
    // address.
    if (
      folded[i] === ';' ||
      (folded[i] === '.' &&
        !titleStop(folded, i) &&
        !initialAfterTitle.test(folded.slice(Math.max(0, i - 40), i)) &&
        !initialsStop(text, folded, i) &&
        !streetAbbreviation.test(folded.slice(Math.max(0, i - 5), i)))
    )
      stops.push(i);
  }
  /** Where the sentence holding `at` starts: after the last full stop or semicolon before it. */
  const sentenceStartOf = (at: number) => (stops[firstAtOrAfter(stops, at) - 1] ?? -1) + 1;
  // « remplacement du liquidateur Me Y par … » designates too: its holder follows « par »; the one replaced is kept.
  const replacements = [...folded.matchAll(replacementBy)];
  const verbMatches = [...folded.matchAll(designationVerbs), ...replacements]
    .filter((m, i, all) => !all.some((o, j) => j !== i && o.index < m.index && o.index + o[0].length > m.index))
    .sort((a, b) => a.index - b.index);
  /** The practitioners each replacement (by where it starts) replaces: read between its role and « par ». */
  const replacedBy = new Map<number, NonNullable<ExtractedPractitioner['replaces']>>();
  for (const m of replacements) {
    let at = m.index + m[0].indexOf(m[1]!) + m[1]!.length;
    // « remplacement du liquidateur : Me Y est remplacé par Me X » (verify49 fault 06): the colon passed too.
    at += folded.slice(at).match(/^[\s,:]*/)![0].length;
    const read = readHolders({ text, folded, pos: at }, m.index + m[0].length);
    replacedBy.set(m.index, read ? read.holders.map(replacedHolder) : []);
  }
  // Each item after a semicolon of a list of organs, up to its sentence's full stop, starts as after a verb.
  for (const m of [...verbMatches]) {
    if (!organsList.test(m[0])) continue;
    const items = /(?<=;)\s*/g;
    items.lastIndex = m.index;
    const end = sentenceEnd(text, ends, m.index);
    for (let item = items.exec(folded); item && item.index < end; item = items.exec(folded)) {
      verbMatches.push(item);
      if (item[0].length === 0) items.lastIndex++;
    }
  }
  verbMatches.sort((a, b) => a.index - b.index);
  const verbStarts = verbMatches.map((m) => m.index);
  const undoneStarts = undone.map((m) => m.index);
  const undoneBetween = (from: number, to: number) => {
    const first = undone[firstAtOrAfter(undoneStarts, from)];
    return first !== undefined && first.index + first[0].length <= to;
  };
  const seen = new Set<string>();
  /** The practitioners a clause « en remplacement de … » inside `[from, to)` or right after `to` replaces, or null. */
  const replacedWithin = (from: number, to: number) => {
    const limit = sentenceEnd(text, ends, to);
    const substituting = substitutionVerb.test(folded.slice(from, from + 20));
    const inside = folded
      .slice(from, to)
      .search(
        substituting
          ? /[\s,](en remplacement|aux? lieu et place|en lieu et place|a|au)\s/
          : /[\s,](en remplacement|aux? lieu et place|en lieu et place)\s/,
      );
    const replaced = replacedAt(text, folded, inside < 0 ? to : from + inside, limit, substituting);
    if (replaced) replacedSpans.push([replaced.start, replaced.end]);
    return replaced?.holders ?? null;
  };
  /** Where the practitioners replaced are named: read, not designated (never reported as passages not read). */
  const replacedSpans: [number, number][] = [];

  /** The designations read, each with its span, in the order read: a pronoun after them names their holders. */
  const added: { p: ExtractedPractitioner; span: [number, number] }[] = [];
  const add = (p: ExtractedPractitioner, span: [number, number], replacing?: ExtractedPractitioner['replaces']) => {
    // A designation told again is read all the same (its span taken), listed once.
    take(span);
    // INSEE's mask read as a name (« SELARL [ND] »): no name, so nothing is taken of the designation.
    if ([p.firm, p.person].some((name) => name?.toUpperCase().includes(masked))) {
      uncertain.push({ quote: p.quote, reason: `a name masked (${masked}): a value not published names no one` });
      return;
    }
    const key = `${p.role}|${p.firm}|${p.person}`;
    if (seen.has(key)) return;
    seen.add(key);
    added.push({ p, span });
    // Who it replaces: the judgment's replacement (« remplacement du liquidateur Me Y par ») that starts its span, or
    // a clause inside it or right after it (« Me X, en remplacement de Me Y, … »).
    const replaces = replacing ?? replacedBy.get(span[0]) ?? replacedWithin(span[0], span[1]) ?? [];
    practitioners.push(replaces.length ? { ...p, replaces } : p);
  };

  /**
   * The same `holders` designated in each role joined to the one ending at `roleEnd` (`joinedRoles`: « … en qualité
   * de mandataire judiciaire et de commissaire à l'exécution du plan »), each quoted from `quoteStart` to its own
   * role (and its powers, for an administrateur judiciaire). Nothing when `roleEnd` is negative (the role's words do
   * not end the designation read).
   */
  const addJoined = (
    holders: Holder[],
    cities: (City | null)[],
    quoteStart: number,
    roleEnd: number,
    limit: number,
  ) => {
    if (roleEnd < 0) return;
    for (const joined of joinedRoles(text, folded, roleEnd, limit)) {
      if (joined.conditional) {
        conditionalRole(quoteStart, joined.end);
        continue;
      }
      const { powers, end } = powersAfter(joined.role, text, folded, joined.end, limit);
      holders.forEach((h, i) => {
        add(designated(joined.role, h, cities[i], powers, text.slice(quoteStart, end)), [quoteStart, end]);
      });
    }
  };
  /** A role given only « le cas échéant » (`JoinedRole.conditional`): not designated, reported; its words taken. */
  const conditionalRole = (quoteStart: number, end: number) => {
    uncertain.push({
      quote: text.slice(quoteStart, end).trim(),
      reason: 'a role given only « le cas échéant » (if the need arises): not designated',
      partly: true,
    });
    take([quoteStart, end]);
  };

  /**
   * A role given through a pronoun after a verb of designation (« et la désignant en qualité de … », « et maintenant
   * celle-ci en qualité de … », `pronounBeforeVerb`, `pronounAfterVerb`): the holders of the designation read last
   * in the sentence (those sharing its span's start) are designated in `role` too, quoted from that designation's
   * quote's start to the role. Reported when the pronoun's number does not fit them (« la » for two persons). Returns
   * whether a pronoun is there.
   */
  const pronounDesignation = (
    verb: RegExpExecArray,
    from: number,
    qualiteAt: number,
    roleEnd: number,
    role: PractitionerRole,
    sentenceStart: number,
    limit: number,
  ) => {
    const between = folded.slice(from, qualiteAt);
    const before = folded.slice(Math.max(sentenceStart, verb.index - 8), verb.index);
    const pronoun =
      between.match(pronounAfterVerb)?.[1] ??
      (/[a-z]/.test(between) ? undefined : before.match(pronounBeforeVerb)?.[1]);
    if (pronoun === undefined) return false;
    const last = added.filter((a) => a.span[0] >= sentenceStart && a.span[1] <= verb.index).at(-1);
    const group = last ? added.filter((a) => a.span[0] === last.span[0] && a.p.role === last.p.role) : [];
    const plural = /^(?:les|ceux|celles|ces)\b/.test(pronoun);
    if (!group.length || (!plural && group.length !== 1)) {
      uncertain.push({
        quote: text.slice(verb.index, roleEnd).trim(),
        reason: 'a role given to a pronoun (« la désignant », « celle-ci ») whose holder cannot be told',
      });
      take([verb.index, roleEnd]);
      return true;
    }
    // Quoted from where that designation's own quote starts (its verb), else its span's.
    const quoted = text.indexOf(group[0]!.p.quote, sentenceStart);
    const start = quoted >= 0 && quoted <= group[0]!.span[0] ? quoted : group[0]!.span[0];
    const { powers, end } = powersAfter(role, text, folded, roleEnd, limit);
    for (const { p } of group) {
      const { replaces: _, ...holder } = p;
      add(
        {
          ...holder,
          role,
          profession: professionOf({ ...holder, role, quote: text.slice(start, end) }),
          powers,
          quote: text.slice(start, end).trim(),
        },
        [start, end],
        [],
      );
    }
    return true;
  };

  /**
   * The persons named at `from` (« Me Y », « Me Y et Me Z », each with its address) up to the next firm: null when
   * none is read.
   */
  const personsAt = (from: number, limit: number) => {
    const read = readHolders({ text, folded, pos: from }, limit);
    const count = read?.holders.findIndex((h) => h.firm !== null) ?? -1;
    const own = count < 0 ? (read?.holders.length ?? 0) : count;
    if (!read || !own) return null;
    const holders = read.holders.slice(0, own);
    const cities = read.cities.slice(0, own);
    return { holders, cities, end: Math.max(...holders.map((h, i) => cities[i]?.end ?? h.nameEnd)) };
  };

  /**
   * « a nommé la SELARL X, mandataire judiciaire, en la personne de Me Y »: a firm right after `verb` (or after the
   * last designation read since), the role in apposition after it, then its person. Taken when no other role is
   * given them after (« …, en qualité de liquidateur », « …, liquidateur »: read there); a firm whose person cannot
   * be read is reported.
   */
  const roleBetweenFirmAndPerson = (
    verb: RegExpExecArray,
    roleStart: number,
    roleEnd: number,
    role: PractitionerRole,
    limit: number,
  ) => {
    const verbEnd = verb.index + verb[0].length;
    let from = Math.max(verbEnd, takenUntil);
    if (from > verbEnd) from += folded.slice(from, roleStart).match(/^[\s,]*(et\s+)?/)?.[0].length ?? 0;
    const c: Cursor = { text, folded, pos: from };
    skipSpaces(c);
    c.pos += folded.slice(c.pos, roleStart).match(/^(la |le |l')/)?.[0].length ?? 0;
    const firm = readFirm(c, roleStart);
    // The firm's seat may be told before the role or after it (« SELARL X, 4 rue Y 59000 Lille, mandataire
    // judiciaire, prise en la personne de », « SELARL X, mandataire judiciaire, 4 rue Y 59000 Lille, prise en… »).
    const between = folded.slice(firm?.end ?? 0, roleStart);
    if (!firm || !(/^\s*,\s*$/.test(between) || (/,\s*$/.test(between) && seatIn(text, folded, firm.end, roleStart))))
      return;
    if (!personLink.test(folded.slice(roleEnd, limit)) && !seatBeforePerson(text, folded, roleEnd, limit)) return;
    const quoteStart = from === verbEnd ? verb.index : from;
    const read = readHolders({ text, folded, pos: from }, limit);
    const own = read ? read.holders.flatMap((h, i) => (h.start === read.holders[0]!.start ? [i] : [])) : [];
    if (!read || !own.every((i) => read.holders[i]!.person)) {
      uncertain.push({
        quote: text.slice(quoteStart, limit).trim(),
        reason: 'a firm « prise en la personne de » a name that cannot be read',
      });
      take([quoteStart, limit]);
      return;
    }
    const ownEnd = Math.max(...own.map((i) => read.cities[i]?.end ?? read.holders[i]!.nameEnd));
    if (roleAfterHolder.test(folded.slice(ownEnd, limit))) return;
    const { powers, end } = powersAfter(role, text, folded, ownEnd, limit);
    for (const i of own) {
      const quote = text.slice(quoteStart, end);
      add(designated(role, read.holders[i]!, read.cities[i], powers, quote), [quoteStart, end]);
    }
  };

  /**
   * Whether the role at `roleStart` is told right after its holder (« désignant Me A mandataire judiciaire, Me B
   * administrateur judiciaire »: A's, then B's), only spaces or a comma between, not followed by a colon (« …,
   * liquidateur : Me X » names the role first): the holder read from the sentence's verb of designation (or from the
   * end of the last designation read after it); without a verb, a person with a title read up to the role (a firm
   * there may be the company judged). Returns whether a verb designates it (and, when none does, where the holder
   * read starts), or null when no holder is there.
   */
  const holderEndsAt = (roleStart: number, roleEnd: number): { verb: true } | { verb: false; from: number } | null => {
    if (/^\s*:/.test(folded.slice(roleEnd, roleEnd + 3))) return null;
    const sentenceStart = sentenceStartOf(roleStart);
    const verb = verbMatches[firstAtOrAfter(verbStarts, roleStart) - 1];
    // « juge-commissaire M. Lucien Maître, liquidateur SELARL X … »: the role heads the holder after it; before it,
    // with no verb of designation, is a judge or someone else the notice names.
    const designating = verb !== undefined && verb.index >= sentenceStart;
    if (headsHolderAt(text, folded, roleStart, sentenceEnd(text, ends, roleEnd), designating)) return null;
    const readsToRole = (at: number) => {
      const read = readHolders({ text, folded, pos: at }, roleStart);
      return read !== null && /^[\s,]*$/.test(folded.slice(read.end, roleStart));
    };
    if (designating) {
      let from = Math.max(verb.index + verb[0].length, takenUntil);
      from += folded.slice(from, roleStart).match(/^[\s,:]*(et\s+)?/)?.[0].length ?? 0;
      return from < roleStart && startsHolder(text, folded, from, roleStart) && readsToRole(from)
        ? { verb: true }
        : null;
    }
    const from = Math.max(sentenceStart, takenUntil, roleStart - 400);
    const titles = [...folded.slice(from, roleStart).matchAll(titleAnywhere)].map((m) => from + m.index);
    const at = titles.reverse().find(readsToRole);
    return at === undefined ? null : { verb: false, from: at };
  };

  /**
   * Records a discharge (`dischargeOf`): `holders`, in `role`, discharged by the words that end at `wordsEnd`
   * (« est déchargé de »). Quoted from `at.quoteStart` to the end of the mission's words after them (« sa mission »,
   * `missionWords`, read up to `limit`); `ends` read in the sentence before `at.spanStart`; the span from
   * `at.spanStart` to the quote's end (or to `at.spanEnd`) taken.
   */
  const recordDischarge = (
    role: PractitionerRole,
    holders: Holder[],
    at: { quoteStart: number; spanStart: number; spanEnd?: number },
    wordsEnd: number,
    limit: number,
  ) => {
    const end = wordsEnd + (folded.slice(wordsEnd, limit).match(missionWords)?.[0].length ?? 0);
    const before = folded.slice(sentenceStartOf(at.spanStart), at.spanStart);
    discharged.push(dischargeOf(role, holders, text.slice(at.quoteStart, end).trim(), before));
    take([at.spanStart, at.spanEnd ?? end]);
  };

  /**
   * A holder named before its role with no verb of designation, and what the sentence then says of it: « Me X,
   * commissaire à l'exécution du plan, est maintenu dans ses fonctions » (X kept in that role, designated again);
   * « Me Y, liquidateur, est remplacé par Me X, … » (X designated, Y replaced). Reads it and returns true; false
   * when the sentence says neither (the caller reports it).
   */
  const keptOrReplaced = (from: number, roleStart: number, roleEnd: number, role: PractitionerRole, limit: number) => {
    const old = readHolders({ text, folded, pos: from }, roleStart);
    if (!old) return false;
    const after = folded.slice(roleEnd, limit);
    const kept = after.match(/^[\s,]*(?:est|sont|a ete|ont ete) maintenue?s?\b/);
    if (kept) {
      const end = roleEnd + kept[0].length;
      for (const [i, h] of old.holders.entries())
        add(designated(role, h, old.cities[i], null, text.slice(from, end)), [from, end]);
      return true;
    }
    // « Me X, administrateur judiciaire, est déchargé de sa mission »: named, not designated; the mission ends.
    const dischargedWords = after.match(dischargedAfter);
    if (dischargedWords) {
      recordDischarge(
        role,
        old.holders,
        { quoteStart: from, spanStart: from },
        roleEnd + dischargedWords[0].length,
        limit,
      );
      return true;
    }
    const by = after.match(replacedByAfter);
    const fresh = by && readHolders({ text, folded, pos: roleEnd + by[0].length }, limit);
    if (!fresh || fresh.holders.some((h) => h.firm && !h.person)) return false;
    const { powers, end } = powersAfter(role, text, folded, fresh.end, limit);
    for (const [i, h] of fresh.holders.entries()) {
      const spanEnd = Math.max(fresh.cities[i]?.end ?? h.nameEnd, i === fresh.holders.length - 1 ? end : 0);
      add(
        designated(role, h, fresh.cities[i], powers, text.slice(from, spanEnd)),
        [from, spanEnd],
        old.holders.map(replacedHolder),
      );
    }
    return true;
  };

  /**
   * Holders read before « dans leurs fonctions respectives de » and the roles after it (« Maintient Me A et Me B dans
   * leurs fonctions respectives de mandataire judiciaire et d'administrateur judiciaire »): each holder given the role
   * in the same place of the list, quoted from `start`; reported when the counts differ (whose role is whose is not
   * told).
   */
  const addRespective = (read: NonNullable<ReturnType<typeof readHolders>>, start: number, roleStart: number) => {
    const list = folded.slice(roleStart).match(respectiveRoles)![0];
    const roles = [...list.matchAll(rolePattern)].map((r) => roleOf(r[1]!));
    const end = roleStart + list.length;
    if (roles.length !== read.holders.length) {
      uncertain.push({
        quote: text.slice(start, end).trim(),
        reason: 'holders kept « dans leurs fonctions respectives » of roles not one for each of them',
      });
      take([start, end]);
      return;
    }
    read.holders.forEach((h, i) => {
      add(designated(roles[i]!, h, read.cities[i], null, text.slice(start, end)), [start, end]);
    });
  };

  /**
   * « Me X, 12 rue …, est maintenue dans ses fonctions de mandataire judiciaire »: a holder named first in a sentence
   * with no verb of designation, kept in the role told after « est maintenu dans ses fonctions de » (or « en qualité
   * de »). Reads it (from `sentenceStart` or the end of the last designation read) and returns true; false when the
   * sentence is not that.
   */
  const keptInOffice = (roleStart: number, roleEnd: number, role: PractitionerRole, sentenceStart: number) => {
    const kept = folded.slice(Math.max(0, roleStart - 90), roleStart).match(keptBeforeRole);
    if (!kept) return false;
    const keptAt = roleStart - kept[0].length;
    const from = Math.max(sentenceStart, takenUntil);
    for (const h of folded.slice(from, keptAt).matchAll(holderAnywhere)) {
      const start = from + h.index;
      const read = readHolders({ text, folded, pos: start }, keptAt);
      if (!read || !/^[\s,]*$/.test(folded.slice(read.end, keptAt))) continue;
      if (/respectives/.test(kept[0])) addRespective(read, start, roleStart);
      else {
        // An administrateur's powers after the role (« est désigné administrateur judiciaire avec les pouvoirs :
        // assistance »), as the active wordings read them (verify46 fault 06).
        const limit = sentenceEnd(text, ends, roleEnd);
        const { powers, end } = powersAfter(role, text, folded, roleEnd, limit);
        read.holders.forEach((holder, i) => {
          add(designated(role, holder, read.cities[i], powers, text.slice(start, end)), [start, end]);
        });
        addJoined(read.holders, read.cities, start, end === roleEnd ? roleEnd : -1, limit);
      }
      return true;
    }
    return false;
  };

  /**
   * « Me Y est remplacé par Me X, 40 rue …, en qualité de <rôle> » (verify46 fault 05): X, read up to « en qualité
   * de » (`qualiteAt`), is designated in the role, Y (named before « est remplacé par » in the same sentence) is the one replaced. Reads
   * it and returns true; false when the text before X is not that.
   */
  const replacedThenRole = (
    qualiteAt: number,
    roleStart: number,
    roleEnd: number,
    role: PractitionerRole,
    limit: number,
  ) => {
    const sentenceStart = Math.max(sentenceStartOf(roleStart), takenUntil);
    // X: the last holder read up to « en qualité de », with nothing but commas between.
    const from = [...folded.slice(sentenceStart, qualiteAt).matchAll(titleAnywhere)]
      .map((t) => sentenceStart + t.index)
      .reverse()
      .find((at) => {
        const read = readHolders({ text, folded, pos: at }, qualiteAt);
        return read !== null && /^[\s,]*$/.test(folded.slice(read.end, qualiteAt));
      });
    if (from === undefined) return false;
    const by = folded.slice(sentenceStart, from).match(/[\s,]*(?:est|sont|a ete|ont ete)\s+remplacee?s?\s+par\s*$/);
    if (!by) return false;
    const byAt = sentenceStart + by.index!;
    for (const t of folded.slice(sentenceStart, byAt).matchAll(titleAnywhere)) {
      const oldStart = sentenceStart + t.index;
      const old = readHolders({ text, folded, pos: oldStart }, byAt);
      if (!old || !/^[\s,]*$/.test(folded.slice(old.end, byAt))) continue;
      const fresh = readHolders({ text, folded, pos: from }, qualiteAt);
      if (!fresh || fresh.holders.some((h) => h.firm && !h.person)) return false;
      const { powers, end } = powersAfter(role, text, folded, roleEnd, limit);
      const replaces = old.holders.map(replacedHolder);
      fresh.holders.forEach((h, i) => {
        add(designated(role, h, fresh.cities[i], powers, text.slice(oldStart, end)), [oldStart, end], replaces);
      });
      return true;
    }
    return false;
  };

  /**
   * « Me X, administrateur judiciaire, 5 rue …, et Me Y, mandataire judiciaire, 7 rue …, sont désignés. » (verify46
   * fault 10): holders each with their role in apposition, the sentence ending on the plural passive and naming no
   * other role: each is designated in the role beside them. Reads the one at `from` and returns true; false when the
   * sentence is not that.
   */
  const pluralPassive = (from: number, roleStart: number, roleEnd: number, role: PractitionerRole, limit: number) => {
    const sentence = folded.slice(sentenceStartOf(roleStart), limit);
    const verb = sentence.match(/,?\s*(?:sont|ont ete) (?:designee?s|nommee?s)\s*$/);
    if (!verb || sentence.search(qualiteRole) >= 0 || sentence.search(designationVerbs) >= 0) return false;
    const read = readHolders({ text, folded, pos: from }, roleStart);
    if (read?.holders.length !== 1 || read.holders[0]!.firm !== null) return false;
    // Its address: after its role, up to the next holder (« , et Me Y ») or the verb.
    const verbAt = limit - verb[0].length;
    const next = folded.slice(roleEnd, verbAt).search(/,?\s+et\s+(?:me\.?|maitre)\s/);
    const end = next >= 0 ? roleEnd + next : verbAt;
    const city = readCity(text, folded, roleEnd, end);
    add(designated(role, read.holders[0]!, city, null, text.slice(from, end)), [from, end]);
    return true;
  };

  for (const match of folded.matchAll(rolePattern)) {
    const roleStart = match.index;
    const roleEnd = roleStart + match[0].length;
    if (roleStart < takenUntil) continue;
    const before = folded.slice(Math.max(0, roleStart - 30), roleStart);
    const role = roleOf(match[1]!);
    if (otherOfficeAfter.test(folded.slice(roleEnd, roleEnd + 25))) continue;
    const limit = sentenceEnd(text, ends, roleEnd);
    // « Me X, mandataire judiciaire, …, en qualité de liquidateur » / « …, entendu en son rapport »: a profession or
    // a mention, not a designation (verify43 06).
    if (/,\s*$/.test(before) && professionOrMentionAfter.test(folded.slice(roleEnd, limit))) continue;
    // The role named first, its holder after: « désignant liquidateur SELARL … », « Liquidateur : Me … ».
    // (« dans leurs fonctions respectives de » is longer than `before`.)
    const qualiteWritten = folded.slice(Math.max(0, roleStart - 60), roleStart).match(qualiteBefore)?.[0];
    const qualite = qualiteWritten !== undefined;
    // « …, 69001 Lyon, liquidateur »: the role in apposition after its holder (or the start of a list of roles).
    const comma = /,\s*$/.test(before);
    // « désignant Me A mandataire judiciaire, Me B administrateur judiciaire »: the role told right after a holder
    // is that holder's, never the next one's (fault 04 of issue 11's hostile check).
    if (qualite && replacedThenRole(roleStart - qualiteWritten.length, roleStart, roleEnd, role, limit)) continue;
    const held = qualite ? null : holderEndsAt(roleStart, roleEnd);
    // « Me X, 12 rue … 35000 Rennes, est désigné liquidateur »: the passive, the role right after it, its holder read
    // from the sentence's start up to it (`keptInOffice`); else left to the rules below (reported).
    const passive = !qualite && passiveBeforeRole.test(folded.slice(Math.max(0, roleStart - 30), roleStart));
    if (passive && keptInOffice(roleStart, roleEnd, role, sentenceStartOf(roleStart))) continue;
    if (held && !held.verb && keptOrReplaced(held.from, roleStart, roleEnd, role, limit)) continue;
    // « met fin à la mission de Me X, liquidateur »: a mission ended (`endsOfMission`), no designation.
    if (held && !held.verb && endOfMissionBefore.test(folded.slice(sentenceStartOf(roleStart), held.from))) continue;
    if (held && !held.verb && pluralPassive(held.from, roleStart, roleEnd, role, limit)) continue;
    // « … en remplacement de Me Y, liquidateur », « remplacement de Me Y, mandataire judiciaire, par Me X »: the one
    // replaced, read with the replacement (`replacementWordings`), or reported there.
    if (held && !held.verb && replacedBefore.test(folded.slice(Math.max(0, held.from - 40), held.from))) continue;
    if (held && !held.verb) {
      uncertain.push({
        quote: text.slice(Math.max(sentenceStartOf(roleStart), roleStart - 200), roleEnd).trim(),
        reason: 'a holder named before its role with no verb of designation',
      });
      continue;
    }
    const heldBefore = held !== null;
    const apposition = comma || heldBefore;
    // « le commissaire à l'exécution du plan restant la SELARL X en la personne de Me Y »: the holder kept in the
    // role, told after it.
    const stays = folded.slice(roleEnd, limit).match(staysAfterRole)?.[0];
    // « le mandataire judiciaire Me X, …, étant désigné en qualité de liquidateur », « l'administrateur judiciaire Me X
    // étant déchargé de sa mission », « le mandataire judiciaire Me X étant maintenu »: the role before is the
    // holder's office, the participle after tells what becomes of it (verify46 faults 01 and 03).
    const participle =
      mentionBefore.test(before) && !qualite && !stays && !heldBefore
        ? participleClause(text, folded, roleEnd, limit)
        : null;
    if (participle) {
      const quoteStart = roleStart - (before.match(/\b(?:le|la|l')\s*$/)?.[0].length ?? 0);
      const { read, after, kind, newRole } = participle;
      if (kind === 'discharged') {
        recordDischarge(role, read.holders, { quoteStart, spanStart: roleStart }, after, limit);
        continue;
      }
      // « prolongeant la période d'observation, … étant maintenus dans leurs fonctions »: nothing new is designated
      // (a plan's « étant maintenu jusqu'à la vérification des créances » is: the mission goes on past the plan).
      if (kind === 'kept' && /\bprolong/.test(folded.slice(sentenceStartOf(roleStart), roleStart))) {
        take([roleStart, after]);
        continue;
      }
      const held = newRole ?? role;
      const { powers, end } = powersAfter(held, text, folded, after, limit);
      read.holders.forEach((h, i) => {
        add(designated(held, h, read.cities[i], powers, text.slice(quoteStart, end)), [roleStart, end]);
      });
      continue;
    }
    if ((!mentionBefore.test(before) || qualite || stays) && !heldBefore) {
      const c: Cursor = { text, folded, pos: roleEnd + (stays?.length ?? 0) };
      // « Administrateur judiciaire chargé de passer les actes nécessaires à la cession : Me X »: its mission, then X.
      const gap = folded.slice(c.pos, limit).match(/^\s*(,?\s*chargee?s?\s+(?:de|d')[^:;]{1,150}?\s*:|:|,)?\s*/);
      c.pos += gap?.[0].length ?? 0;
      // « désignant mandataire judiciaire et commissaire à l'exécution du plan Me X »: the roles listed before their
      // holder, each designated (but a role given only « le cas échéant », reported).
      const listed =
        stays || startsHolder(text, folded, c.pos, limit) ? [] : joinedRoles(text, folded, roleEnd, limit, true);
      if (listed.length) {
        c.pos = listed.at(-1)!.end;
        c.pos += folded.slice(c.pos, limit).match(/^\s*[:,]?\s*/)![0].length;
      }
      if (startsHolder(text, folded, c.pos, limit)) {
        const read = readHolders(c, limit);
        const verb = folded
          .slice(Math.max(0, roleStart - 20), roleStart)
          .match(/\b(designant|nommant|nomme|designe)\s+$/);
        const quoteStart = verb ? roleStart - verb[0].length : roleStart;
        if (!read) {
          uncertain.push({
            quote: text.slice(quoteStart, limit).trim(),
            reason: 'a role followed by a firm or a title whose person cannot be read',
          });
          continue;
        }
        const dischargedWords = folded.slice(read.end, limit).match(dischargedAfter);
        if (dischargedWords) {
          // A practitioner discharged is named, not designated: their mission in that role ends. Only the role and the
          // holders are taken (the words after them are not).
          const at = { quoteStart, spanStart: roleStart, spanEnd: read.end };
          recordDischarge(role, read.holders, at, read.end + dischargedWords[0].length, limit);
          continue;
        }
        if (undoneBetween(read.end, limit)) {
          uncertain.push({
            quote: text.slice(quoteStart, limit).trim(),
            reason: 'the sentence reports a designation that was set aside (infirmé, annulé, rétracté)',
          });
          take([roleStart, limit]);
          continue;
        }
        // « liquidateur : Me Y, remplacé par Me X, … »: Y is the one replaced, X the one designated.
        const by = folded.slice(read.end, limit).match(replacedByAfter);
        if (by) {
          const fresh = readHolders({ text, folded, pos: read.end + by[0].length }, limit);
          if (!fresh || fresh.holders.some((h) => h.firm && !h.person)) {
            uncertain.push({
              quote: text.slice(quoteStart, limit).trim(),
              reason: 'a practitioner « remplacé par » one whose name cannot be read',
            });
            take([roleStart, limit]);
            continue;
          }
          const replaces = read.holders.map(replacedHolder);
          const { powers, end } = powersAfter(role, text, folded, fresh.end, limit);
          fresh.holders.forEach((h, i) => {
            const spanEnd = Math.max(fresh.cities[i]?.end ?? h.nameEnd, i === fresh.holders.length - 1 ? end : 0);
            const p = designated(role, h, fresh.cities[i], powers, text.slice(quoteStart, spanEnd));
            add(p, [roleStart, spanEnd], replaces);
          });
          continue;
        }
        for (const given of [{ role, conditional: false }, ...listed]) {
          if (given.conditional) {
            conditionalRole(quoteStart, read.end);
            continue;
          }
          const { powers, end } = powersAfter(given.role, text, folded, read.end, limit);
          read.holders.forEach((h, i) => {
            const own = read.cities[i];
            const spanEnd = Math.max(own?.end ?? h.nameEnd, i === read.holders.length - 1 ? end : 0);
            add(designated(given.role, h, own, powers, text.slice(quoteStart, spanEnd)), [roleStart, spanEnd]);
          });
        }
        continue;
      }
      if (!qualite && !apposition) {
        if (
          /\b(designant|nommant|nomme|designe)\s+$/.test(before) &&
          !/^\s*(amiable|provisoire)/.test(folded.slice(roleEnd))
        ) {
          // Quoted from its verb (« désignant »), not from a few letters before the role that may start mid-word.
          const verbAt = roleStart - (before.match(/\b(designant|nommant|nomme|designe)\s+$/)?.[0].length ?? 0);
          uncertain.push({
            quote: text.slice(verbAt, limit).trim(),
            reason: 'a designation whose holder is neither a firm nor a person with a title',
          });
        }
        continue;
      }
    }
    // The holder named first, the role after: « a nommé la SELARL …, prise en la personne de Me …, en qualité de
    // liquidateur », « maintenant Me … en qualité de mandataire judiciaire », « a nommé la SELARL … représentée par
    // Maître …, liquidateur », « désigne Me …, 12 rue …, 59000 Lille, mandataire judiciaire ».
    if (!qualite && !apposition) continue;
    // After the last full stop or semicolon before the role; the last verb of designation between.
    const sentenceStart = sentenceStartOf(roleStart);
    const verb = verbMatches[firstAtOrAfter(verbStarts, roleStart) - 1];
    if (
      !qualite &&
      (professionAfter.test(folded.slice(roleEnd, limit)) || seatBeforePerson(text, folded, roleEnd, limit))
    ) {
      // « a nommé la SELARL X, mandataire judiciaire, en la personne de Me Y, et administrateur judiciaire … »: the
      // role told between a firm and its person, and no other role given them after, is the role designated.
      if (verb && verb.index >= sentenceStart) roleBetweenFirmAndPerson(verb, roleStart, roleEnd, role, limit);
      continue;
    }
    if ((!verb || verb.index < sentenceStart) && qualite && keptInOffice(roleStart, roleEnd, role, sentenceStart))
      continue;
    if (!verb || verb.index < sentenceStart) continue;
    let from = verb.index + verb[0].length;
    // « désigne A en qualité de mandataire judiciaire et B en qualité d'administrateur »: B starts after the
    // previous role.
    const qualiteLength = qualiteWritten?.length ?? 0;
    const previous = [
      ...folded
        .slice(from, roleStart - qualiteLength)
        .matchAll(new RegExp(String.raw`(?:${qualiteWords}) d(e |')[^,]*?\s(et|,)\s+`, 'g')),
    ].at(-1);
    if (previous?.index !== undefined) from += previous.index + previous[0].length;
    // A designation already read in this sentence (« désigne Me A, …, administrateur judiciaire, avec mission …, et
    // Me B, …, mandataire judiciaire »): B starts after it.
    // (Every span taken ends at or before this role, which none covers: the furthest end is the last one's.)
    const prior = Math.max(from, takenUntil);
    if (prior > from) from = prior + (folded.slice(prior, roleStart).match(/^[\s,]*(et\s+)?/)?.[0].length ?? 0);
    const qualiteAt = roleStart - (qualiteWritten?.length ?? before.match(/,\s*$/)?.[0].length ?? 0);
    // Nothing between the last holder read and this role: it is that holder's profession, told after it.
    // « … et la désignant en qualité de commissaire à l'exécution du plan », « … et maintenant celle-ci en qualité de
    // mandataire judiciaire »: a pronoun names the holders of the designation read last in the sentence (verify49
    // fault 01).
    if (pronounDesignation(verb, from, qualiteAt, roleEnd, role, sentenceStart, limit)) continue;
    if (!/[a-z]/.test(folded.slice(from, qualiteAt))) continue;
    const read = readHolders({ text, folded, pos: from }, qualiteAt);
    const verbStart = verb.index;
    // « désignant Me A en remplacement de Me B, liquidateur »: the role told after the one replaced is A's.
    const gapIsProfession = (at: number) =>
      /^[\s,]*((mandataires?|administrateurs?) judiciaires?[\s,]*)?$/.test(folded.slice(at, qualiteAt));
    if (
      !read ||
      (!qualite && !gapIsProfession(read.end) && !gapIsProfession(replacedEnd(text, folded, read.end, qualiteAt)))
    ) {
      uncertain.push({
        quote: text.slice(verbStart, roleEnd).trim(),
        reason: qualite
          ? 'a holder named before « en qualité de » that cannot be read'
          : 'a holder named before its role (« …, liquidateur ») that cannot be read',
      });
      continue;
    }
    if (qualiteWritten?.includes('respectives')) {
      addRespective(read, verbStart, roleStart);
      continue;
    }
    // « a nommé la SELARL X en qualité de mandataire judiciaire, prise en la personne de Me Y »: the firm's person
    // told after the role.
    let holders = read.holders;
    let cities = read.cities;
    let after = roleEnd;
    // « Me A, mandataire judiciaire, 22 rue Nationale 37000 Tours », « Me A, mandataire judiciaire, 7 rue … 69002
    // Lyon, en qualité de liquidateur », « Me A aux fonctions de liquidateur, 7 rue … 54000 Nancy »: a person's
    // address told after a profession in apposition or after the role, before the next holder.
    if (holders.length === 1 && holders[0]!.person && !holders[0]!.firm && !cities[0]) {
      const between = readCity(text, folded, read.end, qualiteAt);
      const next = folded.slice(roleEnd + 1, limit).search(nextHolderPattern);
      const later = between ? null : readCity(text, folded, roleEnd, next < 0 ? limit : roleEnd + 1 + next);
      if (between && !holderNamed.test(folded.slice(read.end, between.end))) cities = [between];
      else if (later && !holderNamed.test(folded.slice(roleEnd, later.end))) {
        cities = [later];
        after = later.end;
      }
    }
    const link = folded.slice(roleEnd, limit).match(personLink);
    // « … en qualité de mandataire judiciaire, 4 rue Y 59000 Lille, prise en la personne de Me Z »: its seat between.
    const seat = link ? null : seatBeforePerson(text, folded, roleEnd, limit);
    const personAt = link ? roleEnd + link[0].length : seat?.personAt;
    const firmAlone = holders.length === 1 && holders[0]!.firm && !holders[0]!.person;
    if (qualite && personAt !== undefined && firmAlone) {
      const persons = personsAt(personAt, limit);
      if (!persons) {
        uncertain.push({
          quote: text.slice(verbStart, limit).trim(),
          reason: 'a firm « prise en la personne de » a name that cannot be read',
        });
        take([verbStart, limit]);
        continue;
      }
      holders = persons.holders.map((h) => ({ ...h, firm: holders[0]!.firm }));
      cities = persons.cities.map((own) => own ?? (seat && { ...seat.city, end: persons.end }) ?? cities[0] ?? null);
      after = persons.end;
    } else if (holders.some((h) => h.firm && !h.person) && personNamedAfter(folded, roleEnd, limit)) {
      // A firm read alone whose person is told after its role in a way not read: never the firm alone.
      uncertain.push({
        quote: text.slice(verbStart, limit).trim(),
        reason: 'a firm « prise en la personne de » a name that cannot be read',
      });
      take([verbStart, limit]);
      continue;
    }
    const { powers, end } = powersAfter(role, text, folded, after, limit);
    holders.forEach((h, i) => {
      add(designated(role, h, cities[i], powers, text.slice(verbStart, end)), [verbStart, end]);
    });
    addJoined(holders, cities, verbStart, after === roleEnd ? roleEnd : -1, limit);
  }
  // « Jugement de désignation d'un administrateur judiciaire, désignant Me X avec mission d'assistance »: a verb of
  // designation before a holder, no role in its passage; the role is the one the judgment's title names.
  verbMatches.forEach((verb, i) => {
    const from = verb.index + verb[0].length;
    const end = Math.min(sentenceEnd(text, ends, from), verbMatches[i + 1]?.index ?? text.length);
    if (from < takenUntil || !startsHolder(text, folded, from, end)) return;
    const passage = folded.slice(from, end);
    if (roleAnywhere.test(passage) || otherOffices.test(passage)) return;
    const role = roleOfTitle(folded.slice(0, replacedBy.has(verb.index) ? from : verb.index));
    if (!role) return;
    const read = readHolders({ text, folded, pos: from }, end);
    if (!read || read.holders.some((h) => h.firm && !h.person)) return;
    const { powers, end: after } = powersAfter(role, text, folded, read.end, end);
    // Nothing else after the holders but the one replaced (« en remplacement de Me Y »).
    if (!/^[\s,.]*$/.test(folded.slice(replacedEnd(text, folded, after, end), end))) return;
    read.holders.forEach((h, j) => {
      add(designated(role, h, read.cities[j], powers, text.slice(verb.index, after)), [verb.index, after]);
    });
  });
  // « la SELARL X prise en la personne de Me A remplace la SCP Y prise en la personne de Me B »: A designated in the
  // role told after the one replaced (« …, en qualité de liquidateur ») or named by the judgment's title
  // (« Jugement de remplacement du mandataire judiciaire, … »), B replaced.
  for (const m of folded.matchAll(activeReplacement)) {
    const at = m.index;
    if (at < takenUntil) continue;
    const from = Math.max(sentenceStartOf(at), takenUntil);
    const limit = sentenceEnd(text, ends, at + m[0].length);
    const reachesVerb = (pos: number) => {
      const read = readHolders({ text, folded, pos }, at);
      return read && /^[\s,]*$/.test(folded.slice(read.end, at)) ? read : null;
    };
    const start = [...folded.slice(from, at).matchAll(holderAnywhere)].map((h) => from + h.index).find(reachesVerb);
    if (start === undefined) continue;
    const fresh = reachesVerb(start)!;
    const old = readHolders({ text, folded, pos: at + m[0].length }, limit);
    const roleAfter = old && folded.slice(old.end, limit).match(roleAfterReplaced);
    const role = roleAfter ? roleOf(roleAfter[1]!) : roleOfTitle(folded.slice(0, start));
    if (!old || !role || fresh.holders.some((h) => h.firm && !h.person)) {
      uncertain.push({
        quote: text.slice(start, old?.end ?? limit).trim(),
        reason: 'a practitioner replacing another, in a role or with names that cannot be read',
      });
      take([start, limit]);
      continue;
    }
    const end = old.end + (roleAfter?.[0].length ?? 0);
    for (const [i, h] of fresh.holders.entries())
      add(
        designated(role, h, fresh.cities[i], null, text.slice(start, end)),
        [start, end],
        old.holders.map(replacedHolder),
      );
  }
  // « …: Me X, 12 rue …, est désigné en remplacement de Me Y », « Me Y est remplacé par Me X, … », « Jugement remplaçant
  // Me Y par Me X, …, en qualité de mandataire judiciaire », « … au remplacement de Me Y, mandataire judiciaire, par
  // Me X, … » (verify49 fault 06): X designated, Y replaced, in the one role the sentence or the judgment's title
  // names; reported when no one role is named or a name cannot be read.
  for (const m of folded.matchAll(replacementWordings)) {
    const at = m.index;
    if (taken.some(([a, b]) => at >= a && at < b)) continue;
    const limit = sentenceEnd(text, ends, at + m[0].length);
    const sentenceStart = Math.max(sentenceStartOf(at), takenUntil > at ? 0 : takenUntil);
    /** The holder read from a title or firm before `to`, reaching it with nothing but commas and spaces between. */
    const holderBefore = (to: number) => {
      for (const h of folded.slice(sentenceStart, to).matchAll(holderAnywhere)) {
        const read = readHolders({ text, folded, pos: sentenceStart + h.index }, to);
        if (read && /^[\s,]*$/.test(folded.slice(read.end, to))) return { start: sentenceStart + h.index, read };
      }
      return null;
    };
    let fresh: ReturnType<typeof readHolders> = null;
    let old: ReturnType<typeof readHolders> = null;
    let start = at;
    let end = limit;
    if (m[1] !== undefined) {
      // « X est désigné en remplacement de Y »
      const before = holderBefore(at);
      const replaced = replacedAt(text, folded, at + m[0].length, limit);
      if (before && replaced) {
        fresh = before.read;
        start = before.start;
        old = readHolders(
          { text, folded, pos: at + m[0].length + folded.slice(at + m[0].length).match(replacementClause)![0].length },
          limit,
        );
        end = replaced.end;
      }
    } else if (m[2] !== undefined) {
      // « Y est remplacé par X »
      const before = holderBefore(at);
      if (before) {
        old = before.read;
        start = before.start;
        fresh = readHolders({ text, folded, pos: at + m[0].length }, limit);
        end = fresh?.end ?? limit;
      }
    } else {
      // « remplaçant Y par X », « remplacement de Y, <rôle>, par X »
      // Y read up to « par » before a holder (its address, when told, before it).
      const par = folded.slice(at + m[0].length, limit).search(newHolderAfterPar);
      if (par < 0) continue;
      const y = readHolders({ text, folded, pos: at + m[0].length }, at + m[0].length + par + 1);
      const by = y && folded.slice(y.end, limit).match(byAfterReplaced);
      if (!y || !by) continue;
      old = y;
      fresh = readHolders({ text, folded, pos: y.end + by[0].length }, limit);
      end = fresh?.end ?? limit;
    }
    const qualite = fresh ? folded.slice(end, limit).match(roleAfterReplaced) : null;
    if (qualite && (qualite[0].includes('qualite') || m[1] !== undefined)) end += qualite[0].length;
    // The roles the sentence names (but in a judgment's title), and the one the title names.
    const titles = [...folded.slice(sentenceStart, limit).matchAll(titleRolePattern)].map(
      (t) => sentenceStart + t.index,
    );
    const named = [...folded.slice(sentenceStart, end).matchAll(rolePattern)]
      .filter((r) => !titles.some((t) => t <= sentenceStart + r.index && sentenceStart + r.index < t + 60))
      .map((r) => roleOf(r[1]!));
    const titleRole = roleOfTitle(folded.slice(0, Math.min(start, at)));
    const roles = new Set(named.length ? named : titleRole ? [titleRole] : []);
    if (fresh && old && roles.size === 0 && !fresh.holders.some((h) => h.firm && !h.person)) {
      // No role named anywhere: Y's place, in whatever role Y holds (`ReplacementWithoutRole`).
      withoutRole.push(roleless(fresh, old.holders, text.slice(Math.min(start, at), end)));
      take([Math.min(start, at), end]);
      continue;
    }
    if (!fresh || !old || roles.size !== 1 || fresh.holders.some((h) => h.firm && !h.person)) {
      uncertain.push({
        quote: text.slice(Math.min(start, at), end).trim(),
        reason: 'a practitioner replacing another, in a role or with names that cannot be read',
      });
      take([Math.min(start, at), end]);
      continue;
    }
    const role = [...roles][0]!;
    // Quoted from the sentence's start when its title names the role (« Jugement portant remplacement du mandataire
    // judiciaire : … »), else from the first holder or the verb.
    const quoteStart = !named.length && titles.length ? sentenceStart : Math.min(start, at);
    const { powers, end: after } = powersAfter(role, text, folded, end, limit);
    const replaces = old.holders.map(replacedHolder);
    fresh.holders.forEach((h, i) => {
      add(
        designated(role, h, fresh.cities[i], powers, text.slice(quoteStart, after)),
        [Math.min(start, at), after],
        replaces,
      );
    });
  }
  // « désigne Me X aux lieu et place de Me Y. », « nomme Me X en remplacement de Me Y »: a verb of designation, the new
  // holders, the clause naming the one replaced, and nothing else up to the sentence's end, no role in the sentence:
  // in the one role the judgment's title names, else in Y's (`ReplacementWithoutRole`).
  for (const verb of verbMatches) {
    const from = verb.index + verb[0].length;
    if (!verb[0].trim() || replacedBy.has(verb.index) || taken.some(([a, b]) => verb.index >= a && verb.index < b))
      continue;
    const limit = sentenceEnd(text, ends, from);
    if (roleAnywhere.test(folded.slice(sentenceStartOf(verb.index), limit))) continue;
    const fresh = readHolders({ text, folded, pos: from }, limit);
    const replaced = fresh && replacedAt(text, folded, fresh.end, limit);
    if (!fresh || !replaced || fresh.holders.some((h) => h.firm && !h.person)) continue;
    if (!/^[\s,]*$/.test(folded.slice(replaced.end, limit))) continue;
    const quote = text.slice(verb.index, replaced.end);
    const titleRole = roleOfTitle(folded.slice(0, verb.index));
    if (titleRole)
      fresh.holders.forEach((h, i) => {
        add(designated(titleRole, h, fresh.cities[i], null, quote), [verb.index, replaced.end], replaced.holders);
      });
    else {
      withoutRole.push(roleless(fresh, replaced.holders, quote));
      take([verb.index, replaced.end]);
    }
  }
  const missionsEnded = endsOfMission(text, folded, ends, sentenceStartOf, [...taken, ...replacedSpans], discharged);
  const spansRead = [...taken, ...replacedSpans, ...missionsEnded.spans];
  uncertain.push(...unreadDesignations(text, folded, ends, verbMatches, sentenceStartOf, spansRead, uncertain));
  const withNewHolder = new Set(replacements.map((m) => m.index));
  const withoutHolder = replacementsWithoutHolder(
    text,
    folded,
    ends,
    sentenceStartOf,
    spansRead,
    withNewHolder,
    uncertain,
  );
  withoutHolder.push(...discharged, ...missionsEnded.found);
  return withoutQuotedDecisions(text, folded, ends, {
    practitioners,
    uncertain,
    ...(withoutHolder.length ? { withoutHolder } : {}),
    ...(withoutRole.length ? { withoutRole } : {}),
  });
}

/** A replacement naming no role (`ReplacementWithoutRole`): the new holders read, those replaced, the span quoted. */
function roleless(
  fresh: NonNullable<ReturnType<typeof readHolders>>,
  replaced: Holder[] | NonNullable<ExtractedPractitioner['replaces']>,
  quote: string,
): ReplacementWithoutRole {
  return {
    holders: fresh.holders.map((h, i) => ({
      firm: h.firm,
      person: h.person,
      name: h.person && displayPersonName(h.person, h.firm),
      city: fresh.cities[i]?.city ?? null,
      postalCode: fresh.cities[i]?.postalCode ?? null,
    })),
    replaces: replaced.map((h) => ('start' in h ? replacedHolder(h) : h)),
    quote: quote.trim(),
  };
}

/**
 * Words opening a clause that quotes an earlier decision being reversed, annulled or refused (folded): « infirmant le
 * jugement ayant désigné Me X », « annulant », « réformant », « rejetant la requête », « qui avait désigné ». A
 * designation read after them, in their sentence, is that decision's, not this notice's.
 */
const quotedDecision =
  /\b(?:ayant (?:designe|nomme)|(?:qui|lequel|laquelle) (?:avait|a) (?:designe|nomme)|avait (?:designe|nomme)|infirmant|annulant|reformant|rejetant (?:la|sa|leur|une|les) (?:requetes?|demandes?))\b/g;
/** Where a court's own decision starts again after a quoted one (folded): « statuant à nouveau », « et désignant ». */
const ownDecisionAgain = /\b(?:statuant a nouveau|et (?:designe|designant|nomme|nommant))\b/;

/**
 * Takes out of a reading what lies inside a quoted decision (`quotedDecision`, up to its sentence's end or
 * `ownDecisionAgain`): its designations and ends are reported as uncertain, never linked nor ended. Whether an arrêt
 * infirming a designation ends it is not read: a user checks it from the report.
 */
function withoutQuotedDecisions(
  text: string,
  folded: string,
  ends: number[],
  reading: PractitionerReading,
): PractitionerReading {
  const zones: [number, number][] = [];
  for (const m of folded.matchAll(quotedDecision)) {
    const end = sentenceEnd(text, ends, m.index);
    const again = folded.slice(m.index, end).search(ownDecisionAgain);
    zones.push([m.index, again > 0 ? m.index + again : end]);
  }
  if (!zones.length) return reading;
  const inZone = (quote: string) => {
    const at = text.indexOf(quote);
    return at >= 0 && zones.some(([a, b]) => a <= at && at < b);
  };
  const uncertain = [...reading.uncertain];
  /** Whether the span quoted lies outside every zone; when not, it is reported (once). */
  const kept = (quote: string) => {
    if (!inZone(quote)) return true;
    if (uncertain.some((u) => u.quote === quote)) return false;
    uncertain.push({
      quote,
      reason: "a designation quoted in a decision that is infirmed, annulled or refused: not this notice's designation",
    });
  };
  const practitioners = reading.practitioners.filter((p) => kept(p.quote));
  const withoutHolder = reading.withoutHolder?.filter((w) => kept(w.quote));
  const withoutRole = reading.withoutRole?.filter((w) => kept(w.quote));
  return {
    practitioners,
    uncertain,
    ...(withoutHolder?.length ? { withoutHolder } : {}),
    ...(withoutRole?.length ? { withoutRole } : {}),
  };
}

/**
 * A practitioner's mission ended with no one put in their place (a discharge, `ReplacementWithoutHolder`): `holders`
 * leave `role` (null when the text names none), quoted by `quote`; `ends` unless `before` (folded: the sentence before
 * the words) asks for it or refuses it (`replacementNotPronounced`).
 */
function dischargeOf(
  role: PractitionerRole | null,
  holders: Holder[],
  quote: string,
  before: string,
): ReplacementWithoutHolder {
  const ends = !replacementNotPronounced.test(before);
  return { role, replaces: holders.map(replacedHolder), ends, quote, discharge: true };
}

/** After « déchargé de », the mission's words (folded): « sa mission », « ses fonctions », quoted with them. */
const missionWords = new RegExp(
  String.raw`^\s*(?:sa|ses|leur|leurs|la)\s+(?:mission|missions|fonctions)(?:\s+d(?:e\s+|')(?:${roleWords}))?`,
);
/**
 * The words that end a practitioner's mission with no one in their place (folded), up to the holder: « met fin à la
 * mission de Me X », « mettant fin aux fonctions de l'administrateur judiciaire Me X », « a mis fin à la mission de
 * la SELARL X, liquidateur »; the role, when written before the holder, captured.
 */
const endOfMissionWords = String.raw`\b(?:met|mettant|a mis|mis|mettre)\s+fin\s+(?:a la mission|aux missions|aux fonctions|a ses fonctions|a leurs fonctions)\s+(?:de\s+|du\s+|des\s+|d')(?:l'|la\s+|le\s+)?`;
const endOfMission = new RegExp(String.raw`${endOfMissionWords}(?:(${roleWords})\b\s*,?\s*)?`, 'g');
/** The words of `endOfMission` right before a holder (folded). */
const endOfMissionBefore = new RegExp(String.raw`${endOfMissionWords}(?:(?:${roleWords})\b\s*,?\s*)?$`);
/**
 * After a role whose mission ends, what makes it named alone, with no holder (as written): the sentence's end, a
 * comma, a semicolon, « et » or a word in lower case (« … de l'administrateur, désignant … », « … du liquidateur et
 * … »); not a name (a capital, « Me »).
 */
const roleAloneAfter = /^\s*(?:$|[,;]|(?!me\.?\s|mes\s|ma[iî]tres?\s)\p{Ll})/u;
/** After the holder whose mission ends, the role given them (« Me X, liquidateur », « Me X en qualité de … »). */
const roleAfterEnded = new RegExp(
  String.raw`^[\s,]*(?:(?:en qualite|(?:dans|en) (?:ses|leurs|les) fonctions) d(?:e\s*|'))?(${roleWords})\b`,
);

/**
 * The missions a judgment ends with no one put in their place (`endOfMission`), outside every span taken and every
 * discharge read already: the holder read after the words, the role from those words, from the words after the
 * holder, or from the one role its sentence names; `ends` unless the sentence asks for it or refuses it. With the
 * spans read (from the words to the holder, or its role after it): no passage there is reported as unread.
 */
function endsOfMission(
  text: string,
  folded: string,
  ends: number[],
  sentenceStartOf: (at: number) => number,
  taken: [number, number][],
  discharged: ReplacementWithoutHolder[],
): { found: ReplacementWithoutHolder[]; spans: [number, number][] } {
  const found: ReplacementWithoutHolder[] = [];
  const spans: [number, number][] = [];
  for (const m of folded.matchAll(endOfMission)) {
    if (taken.some(([a, b]) => m.index >= a && m.index < b)) continue;
    const limit = sentenceEnd(text, ends, m.index + m[0].length);
    const pos = m.index + m[0].length;
    // « … de l'administrateur judiciaire Jean Dupont »: after its role, a person named without a title.
    const read =
      readHolders({ text, folded, pos }, limit) ?? (m[1] ? untitledAfterRole(text, folded, pos, limit) : null);
    const start = sentenceStartOf(m.index);
    if (!read) {
      // « mettant fin à la mission de l'administrateur », « Il est mis fin à la mission du liquidateur. »: the role
      // named, no holder (verify49 fault 02): whoever holds it in the proceeding, ended by the import when one does
      // (`ReplacementWithoutHolder.holder`). Not when a name or another office follows the role.
      const rest = m.index + m[0].length;
      if (
        !m[1] ||
        otherOfficeAfter.test(folded.slice(rest - 1, rest + 25)) ||
        !roleAloneAfter.test(text.slice(rest, limit))
      )
        continue;
      const roleEnd = m.index + m[0].trimEnd().replace(/,$/, '').length;
      const quote = text.slice(start, roleEnd).trim();
      found.push({
        ...dischargeOf(roleOf(m[1]), [], quote, folded.slice(start, m.index)),
        // « des administrateurs judiciaires »: every holder; « de l'administrateur »: the one.
        holder: /s$/.test(m[1].split(' ')[0]!) ? 'every' : 'sole',
      });
      spans.push([m.index, roleEnd]);
      continue;
    }
    const after = folded.slice(read.end, limit).match(roleAfterEnded);
    const end = read.end + (after?.[0].length ?? 0);
    const quote = text.slice(start, end).trim();
    if (discharged.some((d) => d.quote.includes(quote) || quote.includes(d.quote))) continue;
    const sentence = [...folded.slice(start, limit).matchAll(rolePattern)].map((r) => roleOf(r[1]!));
    const roles = new Set(sentence);
    const role = m[1] ? roleOf(m[1]) : after ? roleOf(after[1]!) : roles.size === 1 ? [...roles][0]! : null;
    found.push(dischargeOf(role, read.holders, quote, folded.slice(start, m.index)));
    spans.push([m.index, end]);
  }
  // « l'administrateur judiciaire étant déchargé de sa mission », « déchargeant l'administrateur de sa mission »: the
  // role discharged with no holder named (verify49 fault 02), as « mettant fin à la mission de l'administrateur ».
  for (const m of folded.matchAll(roleDischarged)) {
    const words = m[1] ?? m[2]!;
    const wordsEnd = m.index + m[0].length;
    if (taken.some(([a, b]) => m.index >= a && m.index < b) || spans.some(([a, b]) => m.index >= a && m.index < b))
      continue;
    if (otherOfficeAfter.test(folded.slice(m.index + m[0].indexOf(words) + words.length, wordsEnd + 25))) continue;
    const limit = sentenceEnd(text, ends, wordsEnd);
    const end = wordsEnd + (folded.slice(wordsEnd, limit).match(missionWords)?.[0].length ?? 0);
    const start = sentenceStartOf(m.index);
    const quote = text.slice(start, end).trim();
    if (discharged.some((d) => d.quote.includes(quote) || quote.includes(d.quote))) continue;
    found.push({
      ...dischargeOf(roleOf(words), [], quote, folded.slice(start, m.index)),
      holder: /s$/.test(words.split(' ')[0]!) ? 'every' : 'sole',
    });
    spans.push([m.index, end]);
  }
  return { found, spans };
}

/**
 * A person named without a title right after the words of its role (« mettant fin à la mission de l'administrateur
 * judiciaire Jean Dupont », « remplacement du liquidateur DUPONT Jean »): the role says a practitioner is named, so
 * capitalised words are read as a name (`readName`) when there are two of them at least (a first name and a surname,
 * in either order, particles apart) and the name is followed by its sentence's end, a comma, a parenthesis or a word
 * in lower case (« de sa mission »), never by another capitalised word; null otherwise (one word alone may be a
 * town or the next sentence run on). A firm or a titled person there is `readHolders`'s.
 */
function untitledAfterRole(
  text: string,
  folded: string,
  from: number,
  limit: number,
): { holders: Holder[]; cities: (City | null)[]; end: number } | null {
  const c: Cursor = { text, folded, pos: from };
  skipSpaces(c);
  if (startsHolder(text, folded, c.pos, limit)) return null;
  const read = readName(c, limit);
  if (!read) return null;
  const words = read.name.split(/\s+/).filter((w) => !nameParticles.has(foldInPlace(w)));
  if (words.length < 2 || !/^\s*(?:$|[,;()]|\p{Ll})/u.test(text.slice(read.end, limit))) return null;
  return {
    holders: [{ firm: null, person: read.name, start: c.pos, nameEnd: read.end }],
    cities: [null],
    end: read.end,
  };
}

/**
 * A role discharged with no holder named (folded): « l'administrateur judiciaire (étant | est) déchargé de » (group
 * 1, no name between the role and the participle), « déchargeant l'administrateur judiciaire de sa mission » (group 2).
 */
const roleDischarged = new RegExp(
  String.raw`\b(?:l'|le |la |les )(${roleWords})\b\s*,?\s*(?:(?:etant|est|sont|a ete|ont ete)\s+)?(?:dechargee?s?|relevee?s?)\s+(?:de|d')|\b(?:dechargeant|decharge|a decharge|relevant|releve|a releve)\s+(?:l'|le |la |les )(${roleWords})\b\s+(?:de|d')(?=\s*(?:sa|ses|leur|leurs)\s+(?:mission|missions|fonctions)\b)`,
  'g',
);

/**
 * Where a practitioner is named as replaced with no holder designated in his place: « remplacement du liquidateur
 * Me X » with no « par » after it (`replacementBy` reads those), « en remplacement de Me X » outside every
 * designation read (`replacedWithin` reads those). Folded.
 */
const replacedOnlyPattern = new RegExp(
  String.raw`\bremplacement\s+(?:du\s+|de l'|de la\s+|des\s+|d')(${roleWords})\b[\s,]*|\b(?:en remplacement|aux? lieu et place|en lieu et place)\s+(?:de\s+|du\s+|d')(?:(?:l'|la\s+|le\s+|les\s+)?(${roleWords})\b[\s,]*)?|\bremplacement\s+(?:de\s+|d')(?=(?:la |le |l')?(?:${firmForms}|me\.?|mes|maitres?|madame|monsieur|mme|m\.)\s)`,
  'g',
);
/** Words before a replacement in its sentence that make it no replacement pronounced: a request, its refusal. */
const replacementNotPronounced = /\b(demande|requete|sollicit\w*|rejet\w*|rejette|deboute\w*|refus\w*|irrecevable)\b/;

/**
 * The replacements naming no new holder (`ReplacementWithoutHolder`), outside every span taken, every replacement
 * « par » a new holder (`withNewHolder`, where they start) and every passage already reported: the one replaced read after the words of replacement, the role from those words or from the one
 * role the sentence names before them, `ends` unless the sentence asks for it or refuses it.
 */
function replacementsWithoutHolder(
  text: string,
  folded: string,
  ends: number[],
  sentenceStartOf: (at: number) => number,
  taken: [number, number][],
  withNewHolder: ReadonlySet<number>,
  reported: UncertainPassage[],
): ReplacementWithoutHolder[] {
  const found: ReplacementWithoutHolder[] = [];
  for (const m of folded.matchAll(replacedOnlyPattern)) {
    // A replacement « par » a new holder is a designation: read, or reported as one that cannot be.
    if (withNewHolder.has(m.index) || taken.some(([a, b]) => m.index >= a && m.index < b)) continue;
    const limit = sentenceEnd(text, ends, m.index + m[0].length);
    const pos = m.index + m[0].length;
    const named = m[1] ?? m[2];
    // « remplacement du liquidateur Jean Dupont »: after its role, a person named without a title.
    const read =
      readHolders({ text, folded, pos }, limit) ?? (named ? untitledAfterRole(text, folded, pos, limit) : null);
    if (!read) continue;
    const start = sentenceStartOf(m.index);
    // « Jugement prononçant le remplacement de Me Y, liquidateur. »: the role told after the one replaced.
    const after = named ? null : folded.slice(read.end, limit).match(roleAfterEnded);
    const quote = text.slice(start, read.end + (after?.[0].length ?? 0)).trim();
    if (reported.some((u) => u.quote.includes(quote) || quote.includes(u.quote))) continue;
    const before = folded.slice(start, m.index);
    const words = named
      ? [roleOf(named)]
      : after
        ? [roleOf(after[1]!)]
        : [...before.matchAll(rolePattern)].map((r) => roleOf(r[1]!));
    const roles = new Set(words);
    found.push({
      role: roles.size === 1 ? [...roles][0]! : null,
      replaces: read.holders.map(replacedHolder),
      ends: !replacementNotPronounced.test(before) && !undoneAfter.test(folded.slice(read.end, limit)),
      quote,
    });
    undoneAfter.lastIndex = 0;
  }
  return found;
}

/** After a holder, a participle telling what becomes of them (folded): kept, designated (in a role), discharged. */
const participleAfter = new RegExp(
  String.raw`^[\s,]*etant\s+(?:(maintenue?s?)\b(?:\s+(?:dans ses fonctions|en qualite) d(?:e\s*|')(${roleWords})\b)?|(?:designee?s?|nommee?s?)\s+(?:(?:${qualiteWords}) d(?:e\s*|'))?(${roleWords})\b)`,
);

/**
 * « <rôle> Me X, …, étant maintenu | étant désigné en qualité de <rôle> | étant déchargé de … », read from the end of
 * the first role (`from`) up to `limit`: the holders, where the participle's words end, and what it says (the role
 * designated when it names one); null when the text after the role is not that.
 */
function participleClause(
  text: string,
  folded: string,
  from: number,
  limit: number,
): {
  read: NonNullable<ReturnType<typeof readHolders>>;
  after: number;
  kind: 'kept' | 'designated' | 'discharged';
  newRole: PractitionerRole | null;
} | null {
  const c: Cursor = { text, folded, pos: from };
  c.pos += folded.slice(from, limit).match(/^[\s,:]*/)![0].length;
  if (!startsHolder(text, folded, c.pos, limit)) return null;
  const read = readHolders(c, limit);
  if (!read) return null;
  const rest = folded.slice(read.end, limit);
  const discharged = rest.match(dischargedAfter);
  if (discharged) return { read, after: read.end + discharged[0].length, kind: 'discharged', newRole: null };
  const m = rest.match(participleAfter);
  if (!m) return null;
  const word = m[2] ?? m[3];
  return {
    read,
    after: read.end + m[0].length,
    kind: m[1] ? 'kept' : 'designated',
    newRole: word ? roleOf(word) : null,
  };
}

/**
 * The passages that start with a verb of designation (up to the next such verb or the end of the sentence) and name
 * a firm or a « Me » that no designation read covers, not already reported: a wording the reader does not know, or
 * a holder beside the ones it read (« a nommé la SELARL X …, et administrateur judiciaire SCP Z … » where only Z was
 * read), is reported, never dropped silently.
 */
function unreadDesignations(
  text: string,
  folded: string,
  ends: number[],
  verbs: RegExpExecArray[],
  sentenceStartOf: (at: number) => number,
  taken: [number, number][],
  reported: UncertainPassage[],
): UncertainPassage[] {
  const found: UncertainPassage[] = [];
  // The spans taken, merged into disjoint ascending ones: a holder's place is looked up in them by binary search.
  const merged: [number, number][] = [];
  for (const [a, b] of [...taken].sort((x, y) => x[0] - y[0])) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  const starts = merged.map((m) => m[0]);
  const covered = (at: number) => {
    const span = merged[firstAtOrAfter(starts, at + 1) - 1];
    return span !== undefined && at < span[1];
  };
  // The practitioner replaced (« en remplacement de Me … ») is named, not designated.
  const holders = [...folded.matchAll(practitionerLikeAll)]
    .map((m) => m.index)
    .filter((at) => !replacedBefore.test(folded.slice(Math.max(0, at - 40), at)));
  // The passages: from each verb of designation; and each sentence giving a role « en qualité de » with no such verb
  // (« Jugement prononçant … Me X … en qualité de liquidateur »).
  const passages: [number, number][] = verbs.map((verb, i) => [
    verb.index,
    Math.min(sentenceEnd(text, ends, verb.index + verb[0].length), verbs[i + 1]?.index ?? text.length),
  ]);
  for (const m of folded.matchAll(qualiteRole)) {
    const from = sentenceStartOf(m.index);
    const to = sentenceEnd(text, ends, m.index);
    if (!passages.some(([a, b]) => a < to && from < b)) passages.push([from, to]);
  }
  for (const [k, [start, end]] of passages.entries()) {
    const opening = k < verbs.length ? 'a verb of designation before' : 'a role given « en qualité de » beside';
    let unread = false;
    let read = false;
    for (let h = firstAtOrAfter(holders, start); h < holders.length && holders[h]! < end; h++) {
      if (covered(holders[h]!)) read = true;
      else unread = true;
    }
    if (!unread) continue;
    const passage = folded.slice(start, end);
    if (otherOffices.test(passage)) continue;
    const quote = text.slice(start, end).trim();
    if (reported.some((u) => u.quote.includes(quote) || quote.includes(u.quote))) continue;
    // Beside designations read in the same passage (linked), the report says which part is not.
    found.push({
      ...(read ? { partly: true as const } : {}),
      quote,
      reason: read
        ? `${opening} a firm or a « Me » that no designation read covers (the others of the ` +
          'passage are read), in a wording the reader cannot read'
        : `${opening} a firm or a « Me », in a wording the reader cannot read`,
    });
  }
  return found;
}
