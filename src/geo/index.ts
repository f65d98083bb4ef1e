// French administrative geography, from the reference data of
// @etalab/decoupage-administratif (communes, départements, régions) and the
// 2015 law that merged the former regions still named by the press.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * A commune's name as the French write it, folded for comparison: case, accents, ligatures (œ), hyphens,
 * apostrophes and dots ignored; La Poste's `ST`/`STE` read as Saint/Sainte; a `CEDEX` suffix (`Paris CEDEX 07`)
 * set apart, since a CEDEX names a mail distribution, not a commune. `key` is empty when nothing is left. Called for
 * every commune's name when the reference geography is loaded, and every other name the first time a name as written
 * is looked up: names in plain ASCII skip the Unicode steps.
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
  const key = (cedex ? words.replace(cedexSuffix, '') : words).replace(saintAbbreviations, (w) =>
    w === 'st' ? 'saint' : 'sainte',
  );
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

/** Postal code → INSEE codes of the communes it serves; → the arrondissement it serves (Paris, Lyon, Marseille). */
interface PostalIndexes {
  communes: Map<string, string[]>;
  arrondissements: Map<string, Arrondissement>;
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
  /** Folded name (communeKey) → today's communes of that name, in the reference file's order. */
  private readonly communesByName = new Map<string, Commune[]>();
  /** INSEE codes of today's communes whose name another commune of today bears (Saint-Denis), found at load. */
  private readonly sharedNames = new Set<string>();
  /** Communes déléguées and associées and arrondissements, as the reference file gives them: for `names()`. */
  private readonly otherPlaces: { code: string; nom: string; type: RefCommune['type']; today: Commune }[] = [];
  /** Folded name (communeKey) → the places it names; built on first use (`names()`). */
  private placesByName: Map<string, NamedPlace[]> | undefined;
  /** Postal code → INSEE codes of the communes it serves, and the arrondissement it serves; built on first use. */
  private postal: PostalIndexes | undefined;
  private readonly regionsByName = new Map<string, Region>();
  /** Folded former-region name → its printed name and départements. */
  private readonly formerRegions = new Map<string, { name: string; departements: string[] }>();

  /**
   * Loads what finding a commune by its code and labelling it need (the communes, their arrondissements, former
   * codes, which names are shared): what a bulk import of INSEE codes uses. The indexes of names as written (every
   * spelling of every place, `placesNamed`) and of postal codes are built the first time one is asked for: tens of
   * thousands of names folded, a start-up cost a process that never reads a name as written does not pay.
   */
  constructor() {
    ({ regions: this.regions, departements: this.departements } = divisions());
    const refCommunes = readPackageJson<RefCommune[]>('@etalab/decoupage-administratif/data/communes.json');

    for (const region of this.regions.values()) this.regionsByName.set(foldName(region.name), region);
    for (const [name, departements] of Object.entries(formerRegionsData.regions)) {
      this.formerRegions.set(foldName(name), { name, departements });
    }
    for (const c of refCommunes) {
      if (c.type !== 'commune-actuelle') continue;
      const departement = this.departements.get(c.departement);
      if (!departement) continue;
      const commune: Commune = {
        code: c.code,
        name: c.nom,
        postalCodes: c.codesPostaux ?? [],
        departement,
        arrondissements: noArrondissements,
      };
      this.communes.set(c.code, commune);
      pushTo(this.communesByName, communeKey(c.nom).key, commune);
    }
    for (const same of this.communesByName.values()) {
      if (same.length > 1) for (const c of same) this.sharedNames.add(c.code);
    }
    for (const c of refCommunes) {
      const today = this.communes.get(c.commune ?? c.chefLieu ?? c.code);
      if (!today) continue;
      if (c.type === 'commune-actuelle') {
        for (const old of c.anciensCodes ?? []) if (!this.communes.has(old)) this.formerCodes.set(old, today);
        continue;
      }
      this.otherPlaces.push({ code: c.code, nom: c.nom, type: c.type, today });
      if (c.type === 'arrondissement-municipal') {
        const arrondissement = { code: c.code, name: c.nom, postalCodes: c.codesPostaux ?? [], commune: today };
        today.arrondissements = [...today.arrondissements, arrondissement];
        this.arrondissements.set(c.code, arrondissement);
      } else if (!this.communes.has(c.code)) {
        // A commune déléguée or associée: its code, when not today's, stands for today's commune.
        this.formerCodes.set(c.code, today);
      }
    }
  }

  /**
   * Every name as written → the places it stands for: today's communes, the ways an arrondissement is written,
   * communes déléguées and associées (marked `former`, their names standing for today's commune). Built once.
   */
  private names(): Map<string, NamedPlace[]> {
    if (this.placesByName) return this.placesByName;
    this.placesByName = new Map();
    for (const [key, communes] of this.communesByName) {
      for (const commune of communes) this.addName(key, { commune, arrondissement: null, former: false });
    }
    for (const c of this.otherPlaces) {
      if (c.type === 'arrondissement-municipal') {
        const arrondissement = this.arrondissements.get(c.code)!;
        for (const name of arrondissementNames(c.nom))
          this.addName(communeKey(name).key, { commune: c.today, arrondissement, former: false });
      } else {
        this.addName(communeKey(c.nom).key, { commune: c.today, arrondissement: null, former: true });
      }
    }
    return this.placesByName;
  }

  /** The postal codes' indexes, built once: the communes each serves, the arrondissement each serves. */
  private postalCodes(): PostalIndexes {
    if (this.postal) return this.postal;
    const communes = new Map<string, string[]>();
    const arrondissements = new Map<string, Arrondissement>();
    for (const commune of this.communes.values())
      for (const p of commune.postalCodes) pushTo(communes, p, commune.code);
    for (const a of this.arrondissements.values()) for (const p of a.postalCodes) arrondissements.set(p, a);
    this.postal = { communes, arrondissements };
    return this.postal;
  }

  /** Records that the name whose communeKey is `key` stands for `place`. */
  private addName(key: string, place: NamedPlace): void {
    const names = this.placesByName!;
    const known = names.get(key);
    const same = known?.find((p) => p.commune === place.commune && p.arrondissement === place.arrondissement);
    if (same) same.former &&= place.former;
    else pushTo(names, key, place);
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
    return this.names().get(communeKey(name).key) ?? [];
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
    return this.sharedNames.has(commune.code);
  }

  postalCodeExists(code: string): boolean {
    return this.postalCodes().communes.has(code);
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
    return this.postalCodes().communes.get(code) ?? [];
  }

  /** The arrondissement municipal a postal code serves (`75016` → Paris 16e), or null. */
  arrondissementOfPostalCode(code: string): Arrondissement | null {
    return this.postalCodes().arrondissements.get(code) ?? null;
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

/** The reference geography, loaded on first use (the commune file is large). */
export function geography(): Geography {
  instance ??= new Geography();
  return instance;
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
