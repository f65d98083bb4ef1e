// The closed vocabularies of the directory. Values are stable API identifiers;
// the French legal terms for proceedings are kept as they are, without accents.

export const operatorKinds = [
  'outsourcer', // runs contact centres for clients
  'in_house', // runs its own customer-service centres
  'holding',
  'group', // an industrial or services group that owns an operator
  'vendor', // sells software or services to contact centres
  'telecom_operator',
  'trade_body',
  'public_body',
  'media',
] as const;

export const siteStatuses = ['planned', 'open', 'closed', 'relocated'] as const;

/**
 * A proceeding's status, in the words of the sites' (`status` filter and facet): `open` while under way, `closed` once
 * a judgment closed it (`closed_on`: a clôture, or a judgment putting an end to it; a reprise lifts it).
 */
export const proceedingStatuses = ['open', 'closed'] as const;

export const headcountKinds = [
  'employees', // people employed at the time given
  'jobs_planned', // jobs announced for an opening or expansion
  'jobs_created',
  'agents',
] as const;

export const clubKinds = ['regional_club', 'national_association', 'cluster'] as const;

export const clubStatuses = ['active', 'dormant', 'defunct', 'unreachable'] as const;

export const clubAffiliations = ['member', 'sponsor', 'supporter'] as const;

export const mandataireKinds = ['practitioner', 'firm', 'national_body'] as const;

/** The kinds of mandataires a court appoints in a proceeding: a practitioner, or a firm (never the national body). */
export const appointedKinds: readonly (typeof mandataireKinds)[number][] = ['practitioner', 'firm'];

/**
 * Why a mandataire (`id`, of `kind`) cannot hold a role in a proceeding, or null when it can (`appointedKinds`):
 * « 'cnajmj' is the national body, not a practitioner or firm ».
 */
export function notAppointed(id: string, kind: string): string | null {
  return appointedKinds.includes(kind as never)
    ? null
    : `'${id}' is the ${kind.replaceAll('_', ' ')}, not a practitioner or firm`;
}

export const professions = ['administrateur_judiciaire', 'mandataire_judiciaire'] as const;

/** The roles a practitioner is appointed in, as BODACC notices name them (src/open-data/bodacc/practitioners.ts). */
export const practitionerRoles = [
  'liquidateur',
  'mandataire_judiciaire',
  'administrateur_judiciaire',
  'commissaire_execution_plan',
] as const;

/**
 * The word a query string gives an appointment's unknown role (stored null, which a query string cannot say):
 * `DELETE /v1/proceedings/{id}/practitioners/{mandataire}?role=unknown`. Not a role of `practitionerRoles`.
 */
export const unknownRole = 'unknown';

/**
 * An appointment of a practitioner in a proceeding, as every message about it names it: « the appointment of
 * 'rousselet' in the role 'liquidateur' », « … in an unknown role » (`role` null).
 */
export function appointmentWords(mandataire: string, role: string | null): string {
  return `the appointment of '${mandataire}' in ${roleWords(role)}`;
}

/** A role as messages name it: « the role 'liquidateur' », or « an unknown role » for null. */
export function roleWords(role: string | null): string {
  return role ? `the role '${role}'` : 'an unknown role';
}

export const proceedingKinds = [
  'sauvegarde',
  'redressement_judiciaire',
  'liquidation_judiciaire',
  'depot_de_bilan',
  'reprise_a_la_barre',
  'en_difficulte', // the text says the company is in difficulty and no more
] as const;

/** French names of the statuses of sites and clubs: search hits' labels and the web page. */
export const statusLabels: Record<string, string> = {
  planned: 'en projet',
  open: 'ouvert',
  closed: 'fermé',
  relocated: 'relocalisé',
  active: 'actif',
  dormant: 'en sommeil',
  defunct: 'disparu',
  unreachable: 'injoignable',
};

/** French names of a proceeding's statuses, as its search hit's label says them (a procédure: feminine). */
export const proceedingStatusLabels: Record<string, string> = { open: 'en cours', closed: 'clôturée' };

/** French names of the entries' own kinds and of the professions: search hits' labels and the web page. */
export const categoryLabels: Record<string, string> = {
  outsourcer: 'outsourceur',
  in_house: 'centre interne',
  holding: 'holding',
  group: 'groupe',
  vendor: 'fournisseur',
  telecom_operator: 'opérateur télécom',
  trade_body: 'organisation professionnelle',
  public_body: 'organisme public',
  media: 'média',
  regional_club: 'club régional',
  national_association: 'association nationale',
  cluster: 'cluster',
  practitioner: 'administrateur ou mandataire judiciaire',
  firm: 'étude',
  national_body: 'instance nationale',
  administrateur_judiciaire: 'administrateur judiciaire',
  mandataire_judiciaire: 'mandataire judiciaire',
  sauvegarde: 'sauvegarde',
  redressement_judiciaire: 'redressement judiciaire',
  liquidation_judiciaire: 'liquidation judiciaire',
  depot_de_bilan: 'dépôt de bilan',
  reprise_a_la_barre: 'reprise à la barre',
  en_difficulte: 'en difficulté',
};

/** A date as precise as the source: `2017`, `2017-04` or `2017-04-26`. */
export const partialDatePattern = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** Stable, readable ids: lower-case words joined by hyphens. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const slugMaxLength = 120;

/**
 * The ids of the sources made by `npm run import:practitioners` begin with it (`releve-cnajmj-fr-2026-11-02-…`): a
 * reading, on one day, of the profession's public directory, which the page lists among the public data, not the press.
 */
export const readingSourcePrefix = 'releve-';

/**
 * The fixed path segments of a kind's routes beside its entries' ids (`/v1/sites/export`): an entry with such an id
 * would have that route for its URL, so none is one (made ids skip them, given ones are refused). app.ts checks at
 * start that every fixed segment the routes declare is here.
 */
export const routeSegments: readonly string[] = ['export'];

/** Whether `id` is a fixed segment of a kind's routes (`routeSegments`), which no entry may take. */
export const isRouteSegment = (id: string): boolean => routeSegments.includes(id);
