// French administrative geography, from the reference data of
// @etalab/decoupage-administratif (communes, départements, régions) and the
// 2015 law that merged the former regions still named by the press.
import { createRequire } from 'node:module';
import formerRegionsData from './former-regions.json' with { type: 'json' };

const require = createRequire(import.meta.url);

interface RefCommune {
  code: string;
  nom: string;
  type: string;
  departement: string;
  region: string;
  codesPostaux?: string[];
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

class Geography {
  readonly regions = new Map<string, Region>();
  readonly departements = new Map<string, Departement>();
  readonly communes = new Map<string, Commune>();
  private readonly communesByName = new Map<string, Commune[]>();
  /** Postal code → INSEE codes of the communes it serves. */
  private readonly communesByPostalCode = new Map<string, string[]>();
  private readonly regionsByName = new Map<string, Region>();
  /** Folded former-region name → its printed name and départements. */
  private readonly formerRegions = new Map<string, { name: string; departements: string[] }>();

  constructor() {
    const refRegions = require('@etalab/decoupage-administratif/data/regions.json') as RefRegion[];
    const refDepartements = require('@etalab/decoupage-administratif/data/departements.json') as RefDepartement[];
    const refCommunes = require('@etalab/decoupage-administratif/data/communes.json') as RefCommune[];

    for (const r of refRegions) {
      const region = { code: r.code, name: r.nom };
      this.regions.set(r.code, region);
      this.regionsByName.set(foldName(r.nom), region);
    }
    const formerByDepartement = new Map<string, string>();
    for (const [name, departements] of Object.entries(formerRegionsData.regions)) {
      this.formerRegions.set(foldName(name), { name, departements });
      for (const d of departements) formerByDepartement.set(d, name);
    }
    for (const d of refDepartements) {
      const region = this.regions.get(d.region);
      if (!region) continue;
      this.departements.set(d.code, {
        code: d.code,
        name: d.nom,
        region,
        formerRegion: formerByDepartement.get(d.code) ?? null,
      });
    }
    for (const c of refCommunes) {
      if (c.type !== 'commune-actuelle') continue;
      const departement = this.departements.get(c.departement);
      if (!departement) continue;
      const commune = { code: c.code, name: c.nom, postalCodes: c.codesPostaux ?? [], departement };
      this.communes.set(c.code, commune);
      const key = foldName(c.nom);
      this.communesByName.set(key, [...(this.communesByName.get(key) ?? []), commune]);
      for (const p of commune.postalCodes) {
        this.communesByPostalCode.set(p, [...(this.communesByPostalCode.get(p) ?? []), commune.code]);
      }
    }
  }

  /** Communes of that name (accents and case folded), optionally within one département. */
  communesNamed(name: string, departement?: string | null): Commune[] {
    const found = this.communesByName.get(foldName(name)) ?? [];
    return departement ? found.filter((c) => c.departement.code === departement) : found;
  }

  postalCodeExists(code: string): boolean {
    return this.communesByPostalCode.has(code);
  }

  /** INSEE codes of the communes a postal code serves. */
  communesOfPostalCode(code: string): string[] {
    return this.communesByPostalCode.get(code) ?? [];
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

export interface ResolvedPlace {
  commune: string;
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
