// The French words the web page shows for the API's identifiers: kinds of entry,
// facets and filters, vocabulary values, attributes, actions of the history.
// An identifier without a word here is shown as it is (underscores as spaces):
// a new value or attribute never breaks a page.

/** Each kind of entry, singular and plural, by its name in the registry (src/kinds.ts). */
export const kindLabels: Record<string, { one: string; many: string }> = {
  site: { one: 'Site', many: 'Sites' },
  operator: { one: 'Opérateur', many: 'Opérateurs' },
  club: { one: 'Club', many: 'Clubs' },
  mandataire: { one: 'Mandataire', many: 'Mandataires' },
  proceeding: { one: 'Procédure', many: 'Procédures' },
  person: { one: 'Personne', many: 'Personnes' },
};

/** Facets and filters, by the name of their query parameter. */
const parameterLabels: Record<string, string> = {
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
  near: 'Autour du point (latitude, longitude)',
  radius_km: 'Rayon (km)',
};

/** Values of the closed vocabularies (src/domain/vocabulary.ts) and of the kinds. */
const valueLabels: Record<string, string> = {
  site: 'site',
  operator: 'opérateur',
  club: 'club',
  mandataire: 'mandataire',
  proceeding: 'procédure',
  outsourcer: 'externalisateur',
  in_house: 'centre intégré',
  holding: 'holding',
  group: 'groupe',
  vendor: 'fournisseur',
  telecom_operator: 'opérateur télécom',
  trade_body: 'organisation professionnelle',
  public_body: 'organisme public',
  media: 'média',
  planned: 'en projet',
  open: 'ouvert',
  closed: 'fermé',
  relocated: 'déménagé',
  employees: 'salariés',
  jobs_planned: 'emplois annoncés',
  jobs_created: 'emplois créés',
  agents: 'agents',
  regional_club: 'club régional',
  national_association: 'association nationale',
  cluster: 'cluster',
  active: 'actif',
  dormant: 'en sommeil',
  defunct: 'disparu',
  unreachable: 'injoignable',
  member: 'membre',
  sponsor: 'partenaire',
  supporter: 'soutien',
  practitioner: 'professionnel',
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
  company: 'entreprise',
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
  published_on: 'Date de publication',
};

const actionLabels: Record<string, string> = {
  create: 'Création',
  update: 'Modification',
  delete: 'Suppression',
  merge: 'Fusion',
};

const plain = (identifier: string) => identifier.replaceAll('_', ' ');

/** The word for a kind of entry: `Site`, `Opérateurs`. */
export const kindLabel = (kind: string, plural = false) => kindLabels[kind]?.[plural ? 'many' : 'one'] ?? plain(kind);
/** The word for a facet or filter parameter: `Région`. */
export const parameterLabel = (name: string) => parameterLabels[name] ?? plain(name);
/** The word for a value of a vocabulary: `liquidation judiciaire`. */
export const valueLabel = (value: string) => valueLabels[value] ?? plain(value);
/** The word for an attribute of a detail: `Code postal`. */
export const attributeLabel = (name: string) => attributeLabels[name] ?? plain(name);
/** The word for a change of the history: `Modification`. */
export const actionLabel = (action: string) => actionLabels[action] ?? action;
