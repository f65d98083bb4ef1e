// French administrative geography, from the reference data of
// @etalab/decoupage-administratif (communes, départements, régions) and the
// 2015 law that merged the former regions still named by the press.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bundledReferencePath } from '../paths.js';
import formerRegionsData from './former-regions.json' with { type: 'json' };

const require = createRequire(import.meta.url);

/**
 * A JSON file of a package, parsed. Not `require()`d: the module cache would keep the parsed file (the communes'
 * is 8.6 MB) for the life of the process, when only the maps built from it are needed.
 */
function readPackageJson<T>(specifier: string): T {
  return JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as T;
}

interface RefCommune {
  code: string;
  nom: string;
  type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal';
  departement: string;
  region: string;
  codesPostaux?: string[];
  /** Former INSEE codes of a commune nouvelle (merged communes, old codes of today's). */
  anciensCodes?: string[];
  /** For a commune déléguée or associée: today's commune it belongs to. */
  chefLieu?: string;
  /** For an arrondissement municipal: its commune (Paris, Lyon, Marseille). */
  commune?: string;
}
interface RefDepartement {
  code: string;
  nom: string;
  region: string;
}
interface RefRegion {
  code: string;
  nom: string;
}

export interface Region {
  code: string;
  name: string;
}
export interface Departement {
  code: string;
  name: string;
  region: Region;
  /** The pre-2016 region the département belonged to, for metropolitan France. */
  formerRegion: string | null;
}
export interface Commune {
  code: string;
  name: string;
  postalCodes: string[];
  departement: Departement;
  /** Its arrondissements municipaux: Paris, Lyon and Marseille only (the others share one empty list). */
  arrondissements: readonly Arrondissement[];
}
/** An arrondissement municipal of Paris, Lyon or Marseille (`75116`, Paris 16e Arrondissement). */
export interface Arrondissement {
  code: string;
  name: string;
  postalCodes: string[];
  commune: Commune;
}

/** A place a name or a code stands for: today's commune, and the arrondissement when it says one. */
export interface NamedPlace {
  commune: Commune;
  arrondissement: Arrondissement | null;
  /** The name or code is a former one: a commune déléguée or associée, or a code before a merger. */
  former: boolean;
}

/** Lower-case, accents and punctuation folded: « Rhône Alpes » ~ « rhone-alpes ». */
export function foldName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/['’\s-]+/g, ' ')
    .replace(/^(ex |ancienne region )/, '')
    .trim();
}

const cedexSuffix = /(?:^| )cedex(?: \d{1,3})?$/;
/** La Poste's `ST` and `STE`, as whole words of a folded name. */
const saintAbbreviations = /(?<![a-z0-9])ste?(?![a-z0-9])/g;

/** A folded (lower-case, unaccented) name with La Poste's `st` and `ste` written saint and sainte. */
export const withSaintsWritten = (folded: string) =>
  folded.replace(saintAbbreviations, (w) => (w === 'st' ? 'saint' : 'sainte'));

/**
 * A commune's name as the French write it, folded for comparison: case, accents, ligatures (œ), hyphens,
 * apostrophes and dots ignored; La Poste's `ST`/`STE` read as Saint/Sainte; a `CEDEX` suffix (`Paris CEDEX 07`)
 * set apart, since a CEDEX names a mail distribution, not a commune. `key` is empty when nothing is left. Called for
 * every name of the reference geography when it is built (at start): names in plain ASCII skip the Unicode steps.
 */
export function communeKey(name: string): { key: string; cedex: boolean } {
  let folded = name.toLowerCase();
  if (/[^\0-\x7f]/.test(folded)) {
    folded = folded
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae');
  }
  const words = folded.replace(/[^a-z0-9]+/g, ' ').trim();
  const cedex = cedexSuffix.test(words);
  const key = withSaintsWritten(cedex ? words.replace(cedexSuffix, '') : words);
  return { key, cedex };
}

/** Whether a postal code begins as a département's do: `75700` in 75, `20090` in 2A or 2B, `97490` in 974. */
export function postalCodeFitsDepartement(postal: string, departement: string): boolean {
  if (departement === '2A' || departement === '2B') return postal.startsWith('20');
  return postal.startsWith(departement);
}

/** 16 → `xvi`. */
function roman(n: number): string {
  const digits: [number, string][] = [
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let rest = n;
  let out = '';
  for (const [value, letters] of digits) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}

/**
 * The ways an arrondissement's name is written, from its reference name (`Paris 16e Arrondissement`):
 * `Paris 16e`, `Paris 16`, `Paris 16ème`, `Paris XVIe`, `Paris 1er`, with or without `arrondissement`/`arr.`.
 */
function arrondissementNames(name: string): string[] {
  const parts = /^(.*) (\d+)(?:er|e) Arrondissement$/.exec(name);
  if (!parts) return [name];
  const [, city, number] = parts as unknown as [string, string, string];
  const n = Number(number);
  const ordinals = [`${n}`, `${n}e`, `${n}eme`, `${n}er`, `${n}ere`, roman(n), `${roman(n)}e`, `${roman(n)}eme`];
  if (n === 1) ordinals.push('ier', 'ierer');
  return ordinals.flatMap((o) => ['', ' arrondissement', ' arr'].map((suffix) => `${city} ${o}${suffix}`));
}

/** The arrondissements of all communes but Paris, Lyon and Marseille. */
const noArrondissements: readonly Arrondissement[] = Object.freeze([]);

/** Appends `value` to the list `map` holds under `key`, creating it. */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Today's régions and départements (each with its région and former région), without the communes. */
export interface Divisions {
  /** By code (`32`). */
  regions: ReadonlyMap<string, Region>;
  /** By code (`80`, `2A`, `974`). */
  departements: ReadonlyMap<string, Departement>;
}

function loadDivisions(): Divisions {
  const refRegions = readPackageJson<RefRegion[]>('@etalab/decoupage-administratif/data/regions.json');
  const refDepartements = readPackageJson<RefDepartement[]>('@etalab/decoupage-administratif/data/departements.json');
  const regions = new Map<string, Region>();
  const departements = new Map<string, Departement>();
  for (const r of refRegions) regions.set(r.code, { code: r.code, name: r.nom });
  const formerByDepartement = new Map<string, string>();
  for (const [name, codes] of Object.entries(formerRegionsData.regions)) {
    for (const d of codes) formerByDepartement.set(d, name);
  }
  for (const d of refDepartements) {
    const region = regions.get(d.region);
    if (!region) continue;
    departements.set(d.code, {
      code: d.code,
      name: d.nom,
      region,
      formerRegion: formerByDepartement.get(d.code) ?? null,
    });
  }
  return { regions, departements };
}

let divisionsInstance: Divisions | undefined;

/**
 * Today's régions and départements, loaded on first use from their small reference files: for what needs no
 * commune (the index settings' synonyms), without the cost of geography()'s communes (seconds of a CLI's start).
 * geography() shares these same objects.
 */
export function divisions(): Divisions {
  divisionsInstance ??= loadDivisions();
  return divisionsInstance;
}

/**
 * One commune of the reference as the geography reads it: what it is (0 today's commune, 1 an arrondissement
 * municipal, 2 a commune déléguée or associée), its INSEE code, name, département, postal codes, former codes (today's
 * communes), the code of today's commune it belongs to (itself for today's), and the communeKey of each way its name
 * is written (one, but for arrondissements: arrondissementNames).
 */
export type ReferenceRow = [
  kind: 0 | 1 | 2,
  code: string,
  name: string,
  departement: string,
  postalCodes: string[],
  formerCodes: string[],
  parent: string,
  keys: string[],
];

/** A commune of the package's file as a row, its name keys computed (most of the CPU of building the geography). */
function rowOf(c: RefCommune): ReferenceRow {
  const kind = c.type === 'commune-actuelle' ? 0 : c.type === 'arrondissement-municipal' ? 1 : 2;
  const names = kind === 1 ? arrondissementNames(c.nom) : [c.nom];
  return [
    kind,
    c.code,
    c.nom,
    c.departement,
    c.codesPostaux ?? [],
    c.anciensCodes ?? [],
    c.commune ?? c.chefLieu ?? c.code,
    names.map((name) => communeKey(name).key),
  ];
}

/** The version of @etalab/decoupage-administratif installed, which the build's reference file is stamped with. */
function referenceVersion(): string {
  return readPackageJson<{ version: string }>('@etalab/decoupage-administratif/package.json').version;
}

/** The build's reference file: the rows of every commune of the package's file, with their keys computed. */
export interface CompactReference {
  /** The package's version they were made from. */
  version: string;
  rows: ReferenceRow[];
}

/**
 * The communes of @etalab/decoupage-administratif as rows with their name keys, for the build to write into dist/
 * (scripts/build.mjs, from the bundle's own code): the bundle then reads a third of the package's file and computes no
 * key at start. Made from the package alone, never typed.
 */
export function compactReference(): CompactReference {
  const communes = readPackageJson<RefCommune[]>('@etalab/decoupage-administratif/data/communes.json');
  return { version: referenceVersion(), rows: communes.map(rowOf) };
}

/**
 * The build's rows when this code runs from the bundle that wrote them (dist/: `bundledReferencePath`) and they are
 * of the installed package's version; null otherwise (run from src/, a build without them, a package changed since):
 * the rows are then made from the package's file.
 */
function bundledRows(): ReferenceRow[] | null {
  if (!bundledReferencePath) return null;
  let compact: CompactReference;
  try {
    compact = JSON.parse(readFileSync(bundledReferencePath, 'utf8')) as CompactReference;
  } catch {
    return null;
  }
  return compact.version === referenceVersion() ? compact.rows : null;
}

class Geography {
  readonly regions: ReadonlyMap<string, Region>;
  readonly departements: ReadonlyMap<string, Departement>;
  /** Today's communes by INSEE code. */
  readonly communes = new Map<string, Commune>();
  /** Arrondissements municipaux by INSEE code (`75116`). */
  readonly arrondissements = new Map<string, Arrondissement>();
  /** Former codes (merged communes, communes déléguées and associées) → today's commune. */
  private readonly formerCodes = new Map<string, Commune>();
  private readonly communesByName = new Map<string, Commune[]>();
  /** nameIsShared's answers by INSEE code (labels are built for every row of an import). */
  private readonly sharedNames = new Map<string, boolean>();
  /** Folded name (communeKey) → the places it names: today's communes, arrondissements, former communes. */
  private readonly placesByName = new Map<string, NamedPlace[]>();
  /** Today's commune's INSEE code → the keys (communeKey) of its names, its arrondissements' and its former communes'. */
  private readonly keysByCommune = new Map<string, string[]>();
  /** Postal code → INSEE codes of the communes it serves. */
  private readonly communesByPostalCode = new Map<string, string[]>();
  /** Postal code → the arrondissement it serves, in Paris, Lyon and Marseille. */
  private readonly arrondissementByPostalCode = new Map<string, Arrondissement>();
  private readonly regionsByName = new Map<string, Region>();
  /** Folded former-region name → its printed name and départements. */
  private readonly formerRegions = new Map<string, { name: string; departements: string[] }>();

  private constructor() {
    ({ regions: this.regions, departements: this.departements } = divisions());
    for (const region of this.regions.values()) this.regionsByName.set(foldName(region.name), region);
    for (const [name, departements] of Object.entries(formerRegionsData.regions)) {
      this.formerRegions.set(foldName(name), { name, departements });
    }
  }

  /** The geography, built at once (a third of a second of CPU). */
  static build(): Geography {
    const geo = new Geography();
    for (const _ of geo.fill()) {
      // no pause
    }
    return geo;
  }

  /**
   * The geography, built in slices of `sliceSize` communes with a turn of the event loop between them: the same
   * result as build(), without holding up timers and I/O for the whole of it (the server builds it while its
   * engines start, and starts the next of their processes when the last one exits).
   */
  static async buildInSlices(sliceSize = 2_000): Promise<Geography> {
    const geo = new Geography();
    for (const _ of geo.fill(sliceSize)) await new Promise((resolve) => setImmediate(resolve));
    return geo;
  }

  /**
   * Fills the maps from the build's rows (bundledRows) or else from the package's file, pausing (yielding) after
   * every `sliceSize` communes. Each slice is a plain loop (fillToday, fillOthers): V8 optimises those, not a
   * generator's body, which ran the whole fill unoptimised (most of its time).
   */
  private *fill(sliceSize = Number.POSITIVE_INFINITY): Generator<void> {
    let rows = bundledRows();
    if (!rows) {
      const refCommunes = readPackageJson<RefCommune[]>('@etalab/decoupage-administratif/data/communes.json');
      yield;
      rows = [];
      for (let from = 0; from < refCommunes.length; from += sliceSize) {
        for (const c of refCommunes.slice(from, from + sliceSize)) rows.push(rowOf(c));
        yield;
      }
    }
    yield;
    for (let from = 0; from < rows.length; from += sliceSize) {
      this.fillToday(rows, from, Math.min(rows.length, from + sliceSize));
      yield;
    }
    for (let from = 0; from < rows.length; from += sliceSize) {
      this.fillOthers(rows, from, Math.min(rows.length, from + sliceSize));
      yield;
    }
  }

  /** Today's communes among rows[from, to): the communes, their names and postal codes. */
  private fillToday(rows: ReferenceRow[], from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const [kind, code, name, departementCode, postalCodes, , , [key = '']] = rows[i] as ReferenceRow;
      if (kind !== 0) continue;
      const departement = this.departements.get(departementCode);
      if (!departement) continue;
      const commune: Commune = { code, name, postalCodes, departement, arrondissements: noArrondissements };
      this.communes.set(code, commune);
      pushTo(this.communesByName, key, commune);
      this.addName(key, { commune, arrondissement: null, former: false });
      for (const p of postalCodes) pushTo(this.communesByPostalCode, p, code);
    }
  }

  /** What rows[from, to) add to today's communes: former codes, arrondissements, communes déléguées and associées. */
  private fillOthers(rows: ReferenceRow[], from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const [kind, code, name, , postalCodes, formerCodes, parent, keys] = rows[i] as ReferenceRow;
      const today = this.communes.get(parent);
      if (!today) continue;
      if (kind === 0) {
        for (const old of formerCodes) if (!this.communes.has(old)) this.formerCodes.set(old, today);
      } else if (kind === 1) {
        const arrondissement = { code, name, postalCodes, commune: today };
        today.arrondissements = [...today.arrondissements, arrondissement];
        this.arrondissements.set(code, arrondissement);
        for (const p of postalCodes) this.arrondissementByPostalCode.set(p, arrondissement);
        for (const key of keys) this.addName(key, { commune: today, arrondissement, former: false });
      } else {
        // A commune déléguée or associée: its name (and its code, when not today's) stand for today's commune.
        if (!this.communes.has(code)) this.formerCodes.set(code, today);
        for (const key of keys) this.addName(key, { commune: today, arrondissement: null, former: true });
      }
    }
  }

  /** Records that the name whose communeKey is `key` stands for `place`. */
  private addName(key: string, place: NamedPlace): void {
    const keys = this.keysByCommune.get(place.commune.code);
    if (!keys) this.keysByCommune.set(place.commune.code, [key]);
    else if (!keys.includes(key)) keys.push(key);
    const known = this.placesByName.get(key);
    const same = known?.find((p) => p.commune === place.commune && p.arrondissement === place.arrondissement);
    if (same) same.former &&= place.former;
    else pushTo(this.placesByName, key, place);
  }

  /** Today's communes of that name (accents and case folded), optionally within one département. */
  communesNamed(name: string, departement?: string | null): Commune[] {
    const found = this.communesByName.get(communeKey(name).key) ?? [];
    return departement ? found.filter((c) => c.departement.code === departement) : found;
  }

  /**
   * Every place a name stands for, as the French write it (see communeKey): today's communes, the
   * arrondissements of Paris, Lyon and Marseille (`Paris 16e`), communes déléguées and associées
   * (`Cherbourg-Octeville`, marked `former`). Empty when it names none.
   */
  placesNamed(name: string): NamedPlace[] {
    return this.placesByName.get(communeKey(name).key) ?? [];
  }

  /**
   * Every way a commune of today (by its INSEE code) is named, as communeKey folds names: its own name, its
   * arrondissements' (`paris 16e`, `paris xvie arrondissement`…) and its communes déléguées and associées'
   * (`cherbourg octeville` for Cherbourg-en-Cotentin). Empty for a code of no commune of today.
   */
  namesOfCommune(code: string): readonly string[] {
    return this.keysByCommune.get(code) ?? [];
  }

  /**
   * The place an INSEE code stands for: today's commune, an arrondissement municipal (`75116`: Paris, with its
   * 16th arrondissement), or a former code (`50173`, Cherbourg-Octeville before Cherbourg-en-Cotentin). Null
   * when the code is none of these.
   */
  placeOfCode(code: string): NamedPlace | null {
    const commune = this.communes.get(code);
    if (commune) return { commune, arrondissement: null, former: false };
    const arrondissement = this.arrondissements.get(code);
    if (arrondissement) return { commune: arrondissement.commune, arrondissement, former: false };
    const today = this.formerCodes.get(code);
    return today ? { commune: today, arrondissement: null, former: true } : null;
  }

  /** Whether another commune of today bears the same name (Saint-Denis: Aude, Gard, Seine-Saint-Denis, La Réunion). */
  nameIsShared(commune: Commune): boolean {
    let shared = this.sharedNames.get(commune.code);
    if (shared === undefined) {
      shared = (this.communesByName.get(communeKey(commune.name).key)?.length ?? 0) > 1;
      this.sharedNames.set(commune.code, shared);
    }
    return shared;
  }

  postalCodeExists(code: string): boolean {
    return this.communesByPostalCode.has(code);
  }

  /**
   * Whether a code La Poste's base of postal codes lacks may be a CEDEX code (a company's mail distribution,
   * `75700`): five digits that begin as a département's postal codes do.
   */
  couldBeCedex(code: string): boolean {
    return (
      /^\d{5}$/.test(code) &&
      !this.postalCodeExists(code) &&
      [...this.departements.keys()].some((d) => postalCodeFitsDepartement(code, d))
    );
  }

  /** INSEE codes of the communes a postal code serves. */
  communesOfPostalCode(code: string): string[] {
    return this.communesByPostalCode.get(code) ?? [];
  }

  /** The arrondissement municipal a postal code serves (`75016` → Paris 16e), or null. */
  arrondissementOfPostalCode(code: string): Arrondissement | null {
    return this.arrondissementByPostalCode.get(code) ?? null;
  }

  /**
   * Today's regions a name or code stands for: a code (`32`), today's name
   * (`Hauts-de-France`) or a former name (`Picardie`, `Nord-Pas-de-Calais`).
   */
  resolveRegion(value: string): Region | null {
    const byCode = this.regions.get(value);
    if (byCode) return byCode;
    const folded = foldName(value);
    const byName = this.regionsByName.get(folded);
    if (byName) return byName;
    const former = this.formerRegions.get(folded);
    const first = former?.departements[0];
    return first ? (this.departements.get(first)?.region ?? null) : null;
  }

  /** The former region of that name, with its départements, or null. */
  formerRegion(value: string): { name: string; departements: string[] } | null {
    return this.formerRegions.get(foldName(value)) ?? null;
  }
}

let instance: Geography | undefined;
let loading: Promise<Geography> | undefined;

/** The reference geography, loaded on first use (the commune file is large). */
export function geography(): Geography {
  instance ??= Geography.build();
  return instance;
}

/**
 * The reference geography as geography() gives it, but built without holding the event loop for the whole of it
 * (slices of communes between turns of the loop): for a process that loads it while it waits on other processes
 * (the server, while its engines start). Later geography() calls find it built.
 */
export function loadGeography(): Promise<Geography> {
  if (instance) return Promise.resolve(instance);
  loading ??= Geography.buildInSlices().then((built) => {
    instance ??= built;
    return instance;
  });
  return loading;
}

/**
 * How lists and search show a commune: its name, followed by its département's code when another commune
 * of today bears the same name (`Saint-Denis (974)`, `Saint-Denis (93)`; `Amiens` alone).
 */
export function communeLabel(c: Commune): string {
  return geography().nameIsShared(c) ? `${c.name} (${c.departement.code})` : c.name;
}

export interface ResolvedPlace {
  commune: string;
  /** The commune as lists show it (see communeLabel). */
  commune_label: string;
  code_commune: string;
  /** Set when the commune has a single postal code; null when the source does not tell which. */
  code_postal: string | null;
  departement_code: string;
  departement_name: string;
  region_code: string;
  region_name: string;
  former_region_name: string | null;
}

export function placeOfCommune(c: Commune): ResolvedPlace {
  return {
    commune: c.name,
    commune_label: communeLabel(c),
    code_commune: c.code,
    code_postal: c.postalCodes.length === 1 ? (c.postalCodes[0] ?? null) : null,
    departement_code: c.departement.code,
    departement_name: c.departement.name,
    region_code: c.departement.region.code,
    region_name: c.departement.region.name,
    former_region_name: c.departement.formerRegion,
  };
}

/** Resolves a commune name to its codes; throws when it is unknown or ambiguous. */
export function resolveCommune(name: string, departement?: string | null): ResolvedPlace {
  const found = geography().communesNamed(name, departement);
  if (found.length === 1 && found[0]) return placeOfCommune(found[0]);
  if (found.length === 0) {
    throw new Error(`unknown commune « ${name} »${departement ? ` in département ${departement}` : ''}`);
  }
  const where = found.map((c) => `${c.code} (${c.departement.code})`).join(', ');
  throw new Error(`commune « ${name} » is ambiguous (${where}): give its département`);
}

/** A region as the press names it: today's or former region, or a département standing for its region (« la région Nord »). */
export function pressRegion(name: string) {
  const geo = geography();
  const region = geo.resolveRegion(name);
  const former = geo.formerRegion(name);
  if (region) return { code: region.code, name: region.name, former: former?.name ?? null };
  const departement = [...geo.departements.values()].find((d) => d.name.toLowerCase() === name.toLowerCase());
  if (departement)
    return { code: departement.region.code, name: departement.region.name, former: departement.formerRegion };
  return null;
}
