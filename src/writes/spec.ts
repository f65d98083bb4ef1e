// What a kind provides to be written: the table its writes go to, its
// writable fields' defaults, how a stored row reads back as those fields, and
// how fields become columns (with what is wrong with them).
import type { Db } from '../db/client.js';
import type { FieldError } from '../domain/errors.js';
import type { PlaceField } from '../domain/place-input.js';
import type { DateField } from './dates.js';
import type { SequenceWords } from './sequence.js';

/** The table a kind writes to: its kind name, table, and citations column. */
export interface WriteTarget {
  name: string;
  tableName: string;
  citationColumn: string;
}

/** What `toColumns` knows of the write: the entry's id (null for a create without one), the fields sent, the row. */
export interface ColumnsContext {
  id: string | null;
  /** The fields the client gave: field rules check these only; cross-field rules check the whole. */
  sent: ReadonlySet<string>;
  /** The stored row, for an update. */
  row: Record<string, unknown> | null;
  /** Entries of the same kind created by the same batch, by id: references to them hold (a seed's parent group). */
  creating: ReadonlyMap<string, Record<string, unknown>>;
  /** Where the write goes. */
  target: WriteTarget;
  /** References already found in this transaction (a bulk import): not looked up again. */
  known?: KnownReferences | undefined;
  /** The writer withholds, itself, what Sirene says is not to be published (see `WriteContext`). */
  withholdsNonDiffusible?: boolean | undefined;
  /**
   * The place fields the writer can give (domain/place-input.ts `resolvePlace`), when not all of the API's: a file's
   * columns (the practitioners' list: `address`, `commune`, `code_postal`). A refusal advises only these.
   */
  placeFields?: readonly PlaceField[] | undefined;
  /**
   * Set by the BODACC import, which writes a proceeding's opening date, its notices and its practitioners' links
   * together from the same judgments (its timeline orders them by judgment date): a proceeding's `date` is not checked
   * against the notices and links stored before, which the same import rewrites after it. Unset for every other writer.
   */
  writesNoticesAlong?: boolean | undefined;
  /**
   * The writes before this one in its sequence (a batch, an import's file), as they leave the entries: the parent
   * groups they set (`SequenceWords.reference`), against which a cycle is checked. Unset for a write alone.
   */
  sequence?: SequenceWords | undefined;
}

/**
 * Entries of one kind that refer to an entry (`label`, plural: « sites »), counted apart: those the public may see
 * (`shown`) and those withheld from it (`withheld`, db/withheld.ts), which a message shown to a client never counts.
 * Only kinds with at least one are listed.
 */
export interface Dependents {
  label: string;
  shown: number;
  withheld: number;
}

/**
 * Ids already found to exist, by table (or by a table and what they were found to be: `mandataires:firm`, see
 * `knownFirm`), for one bulk import: its rows name the
 * same few operators thousands of times, looked up once each. Only for writes
 * that delete nothing (an import's creates and changes): an id found stays found.
 */
export class KnownReferences {
  /**
   * `withholdsNonDiffusible`: the import withholds, itself, what Sirene says is not to be published (as
   * `WriteContext.withholdsNonDiffusible`), so that its rows' checks before any write do not refuse what it shows again.
   * `listsClosingsBeforeFigures`: the import states an entry's end (a site's `closed_on`, an operator's `ceased_on`:
   * `closedBy`) from its own source even before a stored headcount of another source (an article's figure of 2019, a
   * closure Sirene dates 2017-04), and lists each such conflict itself, both dates and both sources (the Sirene import's
   * `disagreements`): the two facts are kept side by side, the end is not refused (`closedBeforeHeadcounts`).
   */
  constructor(
    readonly withholdsNonDiffusible = false,
    readonly listsClosingsBeforeFigures = false,
  ) {}
  private readonly found = new Map<string, Set<string>>();
  has(tableName: string, id: string): boolean {
    return this.found.get(tableName)?.has(id) ?? false;
  }
  add(tableName: string, id: string): void {
    const ids = this.found.get(tableName) ?? new Set<string>();
    this.found.set(tableName, ids.add(id));
  }
  /** A value read of an entry once for the whole import (an operator's SIREN, `operators:siren`), by `key` and id. */
  private readonly read = new Map<string, unknown>();
  recall(key: string, id: string): unknown {
    return this.read.get(`${key}\u0000${id}`);
  }
  remember(key: string, id: string, value: unknown): void {
    this.read.set(`${key}\u0000${id}`, value);
  }
}

export interface KindWritesSpec<Input> {
  target: WriteTarget;
  /**
   * The links of its entries a citation may name besides its writable fields (a site's `headcounts`, a club's
   * `officers`): with those fields, what a citation's `fields` may name (`citable`, made by `defineWrites`).
   */
  links?: readonly string[];
  /** What a citation's `fields` may name: the writable fields and the `links` (filled in by `defineWrites`). */
  citable?: readonly string[];
  /** Values of the fields a create may leave out, besides those that may be null (which default to null). */
  defaults: Partial<Record<keyof Input & string, unknown>>;
  /**
   * Fields a PATCH replaces together (the place): sending one of `replaced` or
   * `kept` resets the unsent `replaced` ones to their defaults; unsent `kept`
   * ones keep their stored value.
   */
  groups?: readonly { replaced: readonly string[]; kept?: readonly string[] }[];
  /**
   * Facts and the field giving the date a source stated them (`status` → `status_as_of`): a PATCH (or an import's
   * row) changing the fact without sending its date leaves the date unknown (null), never the earlier source's date
   * beside a fact that source did not state. Sending the fact unchanged keeps its date.
   */
  datedBy?: Readonly<Record<string, string>>;
  /**
   * The date field after which the entry states no dated fact of its own (a site's `closed_on`, an operator's
   * `ceased_on`): a headcount is not counted after it (« 2019 must not be after the site's closed_on (2017-04) »), 422
   * naming the figure's `as_of` when a figure is added (modules/headcounts/links.ts) and naming this field when a write
   * moves it before a stored figure (`defineWrites`, ./dates.ts `closedBeforeFacts`), for every writer; the kind's own
   * dated facts declare it in `dates` (`notAfter`).
   */
  closedBy?: string;
  /** The API fields of a stored row, to apply a patch over. */
  fromRow(row: Record<string, unknown>): Input;
  /**
   * The columns to store, or what is wrong (422): the rules of the fields
   * sent, then the rules between fields on the whole entry.
   */
  toColumns(
    db: Db,
    input: Input,
    context: ColumnsContext,
  ): Promise<{ columns: Record<string, unknown>; errors: FieldError[] }>;
  /**
   * The kind's date fields and what each states (./dates.ts): which may be to come (none but a planned site's opening)
   * and which ends which. `defineWrites` adds their errors to `toColumns`', for every write path.
   */
  dates?: readonly DateField<Input>[];
  /**
   * Identifiers that each tell one real thing (a site's SIRET, an operator's SIREN): no two entries the public may
   * see hold the same one (a 409 naming the holder, `identifierTaken` of ./envelope.ts; a partial unique index
   * too). `field` is the API field, `column` its column, `label` how a message names it (« SIRET »).
   */
  identifiers?: readonly KindIdentifier[];
  /**
   * The fields naming another entry by id (a site's `operator`: an entry of `kind`, in `tableName`): a merged id given
   * there stands for its survivor (db/survivors.ts), as its detail answers 308 to it; `defineWrites` puts the
   * survivor in its place before the kind's rules read it, for every writer.
   */
  references?: readonly { field: string; kind: string; tableName: string }[];
  /**
   * The fields whose values, as a write of a sequence (a batch, an import's file) leaves them, the rules of the later
   * writes read (`SequenceWords.refer`, `ColumnsContext.sequence`): an operator's `parent` (a cycle), a mandataire's
   * `firm` and `kind` (a firm an earlier write makes or unmakes, its members).
   */
  sequenceFields?: readonly string[];
  /** Words a new id is made of when the client gives none; two entries of the same words are duplicates. */
  idWords(input: Input): string;
  /**
   * The field (and its column) holding the entry's name among its words: `name`, a proceeding's `company_name`. A
   * duplicate is looked for among the entries of that name too (the index of the name's sort), not only among those
   * whose id was made of the same words: an entry renamed keeps its id.
   */
  nameField?: { field: string; column: string };
  /**
   * The words of an entry as a 409 names them: « named 'Name' in Lens », « of 'Test SA' (liquidation judiciaire,
   * 2020-01-02) ». By default « named '<name>' ».
   */
  describeWords?(input: Input): string;
  /** What still refers to an entry and forbids deleting it (409): each kind of referrer that does (`Dependents`). */
  dependents?(db: Db, id: string): Promise<Dependents[]>;
  /** Why a merge cannot be done (409), e.g. into the duplicate's own subsidiary; null when it can. */
  checkMerge?(db: Db, from: string, to: string): Promise<string | null>;
  /** Moves what refers to a duplicate over to the survivor, before the duplicate is deleted. */
  moveReferences(db: Db, from: string, to: string): Promise<void>;
  /** Columns of the survivor that change in a merge (an operator's aliases gain the duplicate's names). */
  survivorColumns?(duplicate: Record<string, unknown>, survivor: Record<string, unknown>): Record<string, unknown>;
}

/**
 * An identifier of a kind (`spec.identifiers`): its API field, its column, how a message names it (« SIRET »), and
 * the other kinds whose entries hold the same identifier of the same thing (`sharedWith`: a site's SIRET and a firm's
 * are both establishments' SIRETs; one establishment is one entry, whatever its kind), checked as the kind's own.
 */
export interface KindIdentifier {
  field: string;
  column: string;
  label: string;
  sharedWith?: readonly { kind: string; tableName: string; column: string }[];
}
