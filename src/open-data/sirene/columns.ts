// The columns of the Sirene stocks that Plateau reads, by their header name
// (INSEE changed their order between format versions; other columns are ignored).

/** Columns of StockEtablissement the import needs: a file without one of them is refused, naming it. */
export const establishmentRequired = [
  'siren',
  'siret',
  'statutDiffusionEtablissement',
  'dateCreationEtablissement',
  'trancheEffectifsEtablissement',
  'anneeEffectifsEtablissement',
  'dateDernierTraitementEtablissement',
  'complementAdresseEtablissement',
  'numeroVoieEtablissement',
  // The last number of a range (« 3-5 »): absent, it would read as empty and shorten the address (verify43 04).
  'dernierNumeroVoieEtablissement',
  'indiceRepetitionEtablissement',
  'typeVoieEtablissement',
  'libelleVoieEtablissement',
  'codePostalEtablissement',
  'libelleCommuneEtablissement',
  'libelleCommuneEtrangerEtablissement',
  'codeCommuneEtablissement',
  'codePaysEtrangerEtablissement',
  'libellePaysEtrangerEtablissement',
  'dateDebut',
  'etatAdministratifEtablissement',
  'enseigne1Etablissement',
  'denominationUsuelleEtablissement',
  'activitePrincipaleEtablissement',
] as const;

/**
 * Columns read when present (format 3.11 and later). None of them makes a fact that its absence would change: no
 * Lambert coordinates is no position stated (a stored one stays unless the address moves), and the address's last
 * number, which would shorten it, is required above.
 */
export const establishmentOptional = [
  // Always in INSEE's stock; an extract may leave it out (the SIRET then checked against the SIREN alone).
  'nic',
  'indiceRepetitionDernierNumeroVoieEtablissement',
  'coordonneeLambertAbscisseEtablissement',
  'coordonneeLambertOrdonneeEtablissement',
  // Not in INSEE's StockEtablissement, but in extracts joined with the legal units: a row whose unit is
  // non-diffusible is left out as its own would be.
  'statutDiffusionUniteLegale',
] as const;

/** Columns of StockUniteLegale the import needs. */
export const legalUnitRequired = [
  'siren',
  'statutDiffusionUniteLegale',
  'dateDebut',
  'etatAdministratifUniteLegale',
  'denominationUniteLegale',
  'sigleUniteLegale',
  'categorieJuridiqueUniteLegale',
  'categorieEntreprise',
  'dateDernierTraitementUniteLegale',
  // A natural person's name (catégorie juridique 1000, a sole trader), which INSEE writes there,
  // `denominationUniteLegale` empty (open-data-formats.md §1.3–1.4; `legalUnitName`). In every stock: absent, a
  // column would read as empty and rename the operator (verify45 01).
  'nomUniteLegale',
  'nomUsageUniteLegale',
  'prenom1UniteLegale',
  'prenomUsuelUniteLegale',
] as const;

/** Columns of the geolocation file (`GeolocalisationEtablissement_Sirene_pour_etudes_statistiques`) read. */
export const geolocationRequired = ['siret', 'x', 'y', 'qualite_xy', 'epsg'] as const;

/** A coordinate as INSEE writes one (the stock's Lambert columns, the geolocation file's): a decimal number. */
export const decimalPattern = /^-?\d+(\.\d+)?$/;
