// The French words the web page shows for the API's identifiers: kinds of entry,
// facets and filters, vocabulary values, attributes, actions of the history.
// An identifier without a word here is shown as it is (underscores as spaces):
// a new value or attribute never breaks a page.
import { bandLabel, nafLabel } from '../domain/sirene-codes.js';
import { categoryLabels, statusLabels } from '../domain/vocabulary.js';

/** Each kind of entry, singular and plural, by its name in the registry (src/kinds.ts). */
export const kindLabels: Record<string, { one: string; many: string }> = {
  site: { one: 'Site', many: 'Sites' },
  operator: { one: 'Opérateur', many: 'Opérateurs' },
  club: { one: 'Club', many: 'Clubs' },
  mandataire: { one: 'Mandataire', many: 'Mandataires' },
  proceeding: { one: 'Procédure', many: 'Procédures' },
  person: { one: 'Personne', many: 'Personnes' },
};

/**
 * Every parameter of a results page (those of /v1/search: its own, each filter's and what a filter reads alongside)
 * and every facet, by its name: the one table of the words the page shows for them (tests/pages/french.test.ts
 * finds a parameter or facet added without its word here).
 */
const parameterLabels: Record<string, string> = {
  q: 'Recherche',
  id: 'Identifiant',
  sort: 'Tri',
  page: 'Page',
  limit: 'Résultats par page',
  cursor: 'Position dans la liste',
  facets: 'Comptages',
  kind: 'Type de fiche',
  category: 'Catégorie',
  status: 'Statut',
  operator: 'Opérateur',
  region: 'Région',
  former_region: 'Ancienne région',
  departement: 'Département',
  code_commune: 'Commune (code INSEE)',
  code_postal: 'Code postal',
  country: 'Pays',
  parent: 'Rattachement',
  profession: 'Profession',
  mandataire: 'Mandataire',
  naf: 'Activité (code NAF)',
  tranche_effectifs: 'Tranche d’effectifs',
  near: 'Autour du point (latitude, longitude)',
  radius_km: 'Rayon (km)',
  firm: 'Étude',
  tribunal: 'Tribunal',
  opened_from: 'Procédure ouverte à partir de',
  opened_to: 'Procédure ouverte jusqu’à',
  role: 'Rôle dans une procédure',
};

/** The orders of a results page (`sort` of /v1/search), as its sort menu and its 400 page name them; `''`: relevance. */
const sortLabels: Record<string, string> = {
  '': 'Pertinence',
  name: 'Nom (A → Z)',
  '-name': 'Nom (Z → A)',
  '-updated_at': 'Mises à jour récentes',
  updated_at: 'Mises à jour anciennes',
  distance: 'Distance (les plus proches d’abord)',
  '-distance': 'Distance (les plus éloignés d’abord)',
};

/**
 * Values of the closed vocabularies (src/domain/vocabulary.ts): the statuses and categories as search hits' labels
 * name them, and the rest the page shows (kinds of entry, headcounts, affiliations).
 */
const valueLabels: Record<string, string> = {
  ...categoryLabels,
  ...statusLabels,
  site: 'site',
  operator: 'opérateur',
  club: 'club',
  mandataire: 'mandataire',
  proceeding: 'procédure',
  employees: 'salariés',
  jobs_planned: 'emplois annoncés',
  jobs_created: 'emplois créés',
  agents: 'agents',
  member: 'membre',
  sponsor: 'partenaire',
  supporter: 'soutien',
  company: 'entreprise',
  acquirer: 'repreneur',
  liquidateur: 'liquidateur',
  commissaire_execution_plan: 'commissaire à l’exécution du plan',
  exact: 'exacte',
  approximate: 'approximative',
  unstated: 'non indiquée par la source',
  ceased: 'cessée',
  PME: 'PME',
  ETI: 'ETI',
  GE: 'grande entreprise',
  A: 'BODACC A',
  B: 'BODACC B',
  C: 'BODACC C',
  annonce: 'annonce',
  rectificatif: 'rectificatif',
  annulation: 'annulation',
  // What a BODACC notice did to its proceeding (open-data/bodacc/natures.ts).
  status: 'ouverture, conversion ou reprise',
  closure: 'clôture',
  later_judgment: 'jugement ultérieur (remplacement, décharge)',
  event: 'autre jugement',
  withdrawal: 'rétractation',
  unknown: 'nature de jugement inconnue',
};

/** Attributes of the entries' details. */
const attributeLabels: Record<string, string> = {
  name: 'Nom',
  company_name: 'Entreprise',
  company_description: 'Description de l’entreprise',
  aliases: 'Autres noms',
  kind: 'Catégorie',
  status: 'Statut',
  status_as_of: 'Statut à la date du',
  operator: 'Opérateur',
  parent: 'Maison mère',
  firm: 'Étude',
  siret: 'SIRET',
  siren: 'SIREN',
  country: 'Pays',
  address: 'Adresse',
  commune: 'Commune',
  commune_label: 'Commune (libellé)',
  commune_as_written: 'Commune telle qu’écrite',
  code_commune: 'Code commune (INSEE)',
  code_arrondissement: 'Code arrondissement',
  arrondissement: 'Arrondissement',
  code_postal: 'Code postal',
  departement_code: 'Code département',
  departement_name: 'Département',
  region_code: 'Code région',
  region_name: 'Région',
  former_region_name: 'Ancienne région',
  served_region_code: 'Code de la région couverte',
  served_region_name: 'Région couverte',
  served_region_as_printed: 'Région couverte telle qu’écrite',
  served_former_region_name: 'Ancienne région couverte',
  opened_on: 'Ouverture',
  closed_on: 'Fermeture',
  date: 'Date',
  court: 'Tribunal',
  acquirer: 'Repreneur',
  notes: 'Notes',
  description: 'Description',
  website: 'Site web',
  phone: 'Téléphone',
  phone_national: 'Téléphone (format national)',
  profession: 'Profession',
  naf_code: 'Code NAF (APE)',
  naf_label: 'Activité (NAF)',
  tranche_effectifs: 'Tranche d’effectifs (code Sirene)',
  effectifs_min: 'Effectif minimal de la tranche',
  effectifs_max: 'Effectif maximal de la tranche',
  annee_effectifs: 'Année de la tranche d’effectifs',
  latitude: 'Latitude',
  longitude: 'Longitude',
  coordinates_precision: 'Précision des coordonnées',
  member_count: 'Nombre d’adhérents',
  member_count_as_of: 'Adhérents à la date du',
  staff_count: 'Effectif',
  activities: 'Activités',
  directory_size: 'Taille de l’annuaire',
  directory_size_as_of: 'Annuaire à la date du',
  hotline: 'Ligne d’assistance',
  headcounts: 'Effectifs',
  clients: 'Clients',
  sites: 'Sites',
  subsidiaries: 'Filiales',
  proceedings: 'Procédures',
  // A bounded list's total and list (listing/embedded.ts), shown below the list.
  sites_total: 'Nombre de sites',
  sites_url: 'Liste de tous les sites',
  subsidiaries_total: 'Nombre de filiales',
  subsidiaries_url: 'Liste de toutes les filiales',
  proceedings_total: 'Nombre de procédures',
  proceedings_url: 'Liste de toutes les procédures',
  members_total: 'Nombre de membres',
  members_url: 'Liste de tous les membres',
  people: 'Personnes',
  officers: 'Responsables',
  affiliations: 'Membres et partenaires',
  members: 'Membres',
  practitioners: 'Mandataires et administrateurs',
  title: 'Titre',
  outlet: 'Publication',
  author: 'Auteur',
  url: 'Adresse de l’article',
  published_as_printed: 'Date telle qu’imprimée',
  sigle: 'Sigle',
  legal_category: 'Catégorie juridique',
  categorie_entreprise: 'Catégorie d’entreprise',
  administrative_status: 'État administratif',
  ceased_on: 'Cessée le',
  closure_nature: 'Nature de la clôture',
  court_of_appeal: 'Cour d’appel',
  secondary_offices: 'Bureaux annexes',
  email: 'Courriel',
  roles: 'Rôles',
  figures_from: 'Chiffres à partir du',
  figures_to: 'Chiffres jusqu’au',
  calls_answered: 'Appels pris',
  average_call_minutes: 'Durée moyenne d’un appel (minutes)',
  practitioners_answering: 'Praticiens qui répondent',
  share_answered_without_wait: 'Part des appels pris sans attente',
  published_on: 'Date de publication',
  notices: 'Annonces du BODACC',
  notice_type: 'Type d’annonce',
  effect: 'Effet sur la procédure',
  publication: 'Publication',
  parution: 'Parution',
  number: 'Numéro d’annonce',
  family: 'Famille du jugement',
  nature: 'Nature du jugement',
  judgment_date: 'Date du jugement',
  appointed_on: 'Désigné le',
  ended_by: 'Fin de la désignation',
  ended_on: 'Fin le',
  ended_notice_id: 'Annonce de la fin (remplacement, décharge ou clôture)',
  ended_source_id: 'Source de la fin',
  ended_quote: 'Texte de la fin',
  former_proceedings: 'Anciennes désignations (fin de mission, ou procédure clôturée)',
  former_proceedings_total: 'Nombre d’anciennes désignations',
  powers: 'Pouvoirs',
  role: 'Rôle',
  relation: 'Lien',
  practitioner: 'Praticien désigné',
  operator_id: 'Opérateur',
  current: 'Actuel',
};

/**
 * The word a date of a related item is shown after (« désignation : 13 novembre 2025 »): an item of a list (a
 * practitioner's appointments, an operator's proceedings, a proceeding's notices) says which of its dates each is.
 */
const relatedDateLabels: Record<string, string> = {
  date: 'date',
  appointed_on: 'désignation',
  closed_on: 'clôture',
  judgment_date: 'jugement',
  published_on: 'publication',
};

/** The word a related item's date `name` is shown after; its attribute's label, lower-cased, when none is set. */
export const relatedDateLabel = (name: string) => relatedDateLabels[name] ?? attributeLabel(name).toLowerCase();

/** Attributes whose values are identifiers of a closed vocabulary, shown by their French word (`valueLabel`). */
export const vocabularyAttributes: ReadonlySet<string> = new Set([
  'kind',
  'status',
  'profession',
  'relation',
  'role',
  'effect',
  'ended_by',
  'notice_type',
  'publication',
  'coordinates_precision',
  'administrative_status',
  'categorie_entreprise',
]);

/**
 * Attributes and parameters whose values are codes of a list the API reads (domain/sirene-codes.ts), shown with
 * their meaning: « 21 : 50 à 99 salariés ».
 */
const codeLists: Record<string, (code: string) => string | null> = {
  tranche_effectifs: bandLabel,
  naf_code: nafLabel,
  naf: nafLabel,
};

/** The kinds of fact a source's page lists (modules/sources/schemas.ts `factKinds`). */
const factLabels: Record<string, string> = {
  headcount: 'effectif',
  role: 'fonction',
  client: 'client',
  affiliation: 'adhésion ou soutien',
  practitioner: 'mandataire désigné',
};

const actionLabels: Record<string, string> = {
  create: 'Création',
  update: 'Modification',
  delete: 'Suppression',
  merge: 'Fusion',
  withhold: 'Retrait (non diffusible)',
  publish: 'Rétablissement',
};

const plain = (identifier: string) => identifier.replaceAll('_', ' ');

/** The word for a kind of entry: `Site`, `Opérateurs`. */
export const kindLabel = (kind: string, plural = false) => kindLabels[kind]?.[plural ? 'many' : 'one'] ?? plain(kind);
/** The word for a facet or filter parameter: `Région`. */
export const parameterLabel = (name: string) => parameterLabels[name] ?? plain(name);
/** The words for an order of the results: `-name` → « Nom (Z → A) ». */
export const sortLabel = (value: string) => sortLabels[value] ?? plain(value);
/** The word for a value of a vocabulary: `liquidation judiciaire`. */
export const valueLabel = (value: string) => valueLabels[value] ?? plain(value);

/** Countries' French names from the ICU data Node carries (CLDR): `MA` → « Maroc ». */
const countryNames = new Intl.DisplayNames(['fr'], { type: 'region', fallback: 'code' });

/** Codes the page writes by their name alone, by attribute or parameter: a country's ISO code by its French name. */
const namedCodes: Record<string, (code: string) => string> = {
  country: (code) => (/^[A-Z]{2}$/.test(code) ? (countryNames.of(code) ?? code) : code),
};

/**
 * A value of a filter or facet as the page writes it: a code named by its name (`country` `MA` → « Maroc »), else
 * its vocabulary word (`valueLabel`).
 */
export const filterValueLabel = (name: string, value: string) => namedCodes[name]?.(value) ?? valueLabel(value);
/**
 * A text value of an attribute (or filter parameter) as the page writes it: a vocabulary value by its word
 * (`mandataire_judiciaire` → « mandataire judiciaire »), a country by its name (`MA` → « Maroc »), a code with its meaning (`tranche_effectifs` `21` →
 * « 21 : 50 à 99 salariés »), anything else as it is.
 */
export function attributeValueLabel(name: string, value: string): string {
  if (vocabularyAttributes.has(name)) return valueLabel(value);
  const named = namedCodes[name];
  if (named) return named(value);
  const meaning = codeLists[name]?.(value);
  return meaning ? `${value} : ${meaning}` : value;
}
/** The word for an attribute of a detail: `Code postal`. */
export const attributeLabel = (name: string) => attributeLabels[name] ?? plain(name);

/**
 * The word for an attribute of this entry: its `attributeLabel`, but the opening of a site still `planned` is the one
 * announced (« Ouverture annoncée »), not one that took place.
 */
export const entryAttributeLabel = (name: string, entry: Record<string, unknown>) =>
  name === 'opened_on' && entry.status === 'planned' ? 'Ouverture annoncée' : attributeLabel(name);
/** Whether an identifier has its French word (as a value, or as an attribute): tests find those without. */
export const hasLabel = {
  parameter: (name: string) => name in parameterLabels,
  value: (value: string) => value in valueLabels,
  attribute: (name: string) => name in attributeLabels,
};
/** The word for a kind of fact a source is quoted for: `effectif`. */
export const factLabel = (fact: string) => factLabels[fact] ?? plain(fact);
/** The word for a change of the history: `Modification`. */
export const actionLabel = (action: string) => actionLabels[action] ?? action;
/**
 * A hit's distance from the point searched around: to 100 m from an exact position, `à 12,4 km`; from an approximate
 * one (a commune's centre, a poor geocoding), to the km and said so, `à environ 12 km (position approchée)`: the site
 * may be anywhere in its commune.
 */
export function distanceLabel(km: number, precision?: string | null): string {
  if (precision !== 'approximate') return `à ${km.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} km`;
  const whole = Math.round(km);
  return `${whole === 0 ? 'à moins de 1 km' : `à environ ${whole.toLocaleString('fr-FR')} km`} (position approchée)`;
}

/**
 * A number as French writes it (`Intl.NumberFormat('fr-FR')`): a decimal comma and thousands apart, « 12,5 »,
 * « 5 000 000 », « 49,8941 » (every decimal given kept, up to 6); text that is no number is given back as it is.
 */
export function frenchNumber(text: string | number): string {
  const value = typeof text === 'number' ? text : Number(text);
  if (typeof text === 'string' && (text.trim() === '' || !Number.isFinite(value))) return text;
  return frenchNumbers.format(value);
}
const frenchNumbers = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6 });
