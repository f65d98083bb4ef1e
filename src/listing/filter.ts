// What a filter is. One declaration gives its query parameter, its SQL on a
// kind's table (lists and exports), its Meilisearch filter and its condition
// on the `search_entries` view (the PostgreSQL fallback), its facet, and
// whether the ids it names must exist. A kind binds a declaration to its own
// column(s) with `on`; lists, lists with `q`, /v1/search, exports and the
// OpenAPI document all read the result. Shared declarations are in filters.ts.
import { type Column, inArray, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { entryIn, meiliIn } from './conditions.js';
import type { FacetName } from './facets.js';
import { commaList, oneOf } from './pagination.js';

/** A table whose ids a filter's values name. */
export type IdTable = PgTable & { id: PgColumn };

/** A closed list of values: `['open', 'closed']`. */
export type Vocabulary = readonly [string, ...string[]];

/** A filter, declared once, shared by every kind that has it. */
export interface FilterDeclaration<Value = unknown, Columns = unknown> {
  /** The query parameter, and the filter's name in /v1/search: `departement`. */
  readonly name: string;
  /** What it selects: the parameter's description in /v1/search (and in lists, unless the kind words it). */
  readonly description: string;
  /** One value of the parameter: checked, and parsed into what the conditions take (unless `param` is given). */
  readonly value?: z.ZodType<Value, string>;
  /**
   * The parameter's schema when it is not a comma-separated list of `value`s (`near`: one point, whose comma
   * separates latitude from longitude). Its description is the parameter's.
   */
  readonly param?: z.ZodType<unknown, unknown>;
  /** Parameters the filter reads besides its own (`near`'s `radius_km`), by name, with their schemas. */
  readonly alongside?: Readonly<Record<string, z.ZodType>>;
  /**
   * The filter's values from the whole parsed query, when its own parameter alone does not give them (`near`
   * and `radius_km` make one circle); undefined when it is not used. Throws a DomainError (400 naming the
   * parameter) when its parameters do not go together.
   */
  read?(query: Readonly<Record<string, unknown>>): Value[] | undefined;
  /** Each kind names the values it accepts (`on(column, { values })`); search accepts those of every kind. */
  readonly vocabulary?: boolean;
  /** The values are ids of entries of this table, and an unknown one is refused (400). */
  readonly ids?: IdTable;
  /** The facets counting what it tests. */
  readonly facets?: readonly FacetName[];
  /**
   * A field the filter gives each entry it selects, while it is given (`near`: `distance_km`, from its point):
   * its name, and its value in SQL over the kind's column(s). Lists and exports add it to their entries.
   */
  readonly measure?: { readonly name: string; sql(columns: Columns, values: Value[]): SQL };
  /** The condition on a kind's table, over the column(s) the kind gives. */
  where(columns: Columns, values: Value[]): SQL | undefined;
  /** The Meilisearch filter: allowlisted attributes, values quoted. */
  meili(values: Value[]): string;
  /** The same on the `search_entries` view, for the PostgreSQL fallback. */
  postgres(values: Value[]): SQL;
  /** This filter as a kind has it, on the kind's column(s). */
  on(columns: Columns, options: BindOptions): KindFilter<Value>;
}

/** How a kind has a filter, beyond its column(s). */
export interface BindOptions {
  /** A value that matches entries of the seed data: tests walk every filter with it. Not published. */
  example: string;
  /** For the example, the values of the parameters the filter reads alongside (`near`'s `radius_km`). */
  exampleAlongside?: Record<string, string>;
  /** The kind's name for the parameter, when not the declaration's (mandataires' `firm` is `parent`). */
  name?: string;
  /** The parameter's description in this kind's list. */
  description?: string;
  /** For a vocabulary filter: the values this kind accepts. */
  values?: Vocabulary;
  /** The table the ids name, when the declaration leaves it to the kind (a parent is of the same kind). */
  ids?: IdTable;
}

/** A query parameter made from a declaration: a kind's, or the union /v1/search accepts. */
export interface FilterParam<Value = unknown> {
  /** The query parameter. */
  readonly name: string;
  readonly declaration: FilterDeclaration<Value>;
  /** Its schema: comma-separated values, each checked. */
  readonly param: z.ZodType<Value[] | undefined, unknown>;
  /** For a vocabulary filter, the values accepted. */
  readonly values?: Vocabulary;
  /** The values must be ids of entries of one of these tables. */
  readonly ids: readonly IdTable[];
}

/** A filter as one kind has it: the declaration on the kind's column(s). */
export interface KindFilter<Value = unknown> extends FilterParam<Value> {
  readonly example: string;
  /** The example as an encoded query string, under `name` (the kind's parameter unless given), with its alongside. */
  exampleQuery(name?: string): string;
  /** The condition on the kind's table. */
  where(values: Value[]): SQL | undefined;
  /** The declaration's `measure`, on the kind's column(s). */
  readonly measure?: { readonly name: string; sql(values: Value[]): SQL };
}

/** `Status: planned, open.` */
export function vocabularyDescription(label: string, values: Vocabulary): string {
  return `${label}: ${values.join(', ')}.`;
}

/**
 * The schema of a filter's parameter: the declaration's own (`param`), else comma-separated values each
 * checked by `value` (a kind's vocabulary, or the declaration's).
 */
export function filterParam<Value>(
  declaration: FilterDeclaration,
  value: z.ZodType<unknown, string> | undefined,
  description: string,
): z.ZodType<Value[] | undefined, unknown> {
  const param = declaration.param ?? commaList(value ?? z.never(), description);
  return param as z.ZodType<Value[] | undefined, unknown>;
}

/** A declaration's measure on a kind's column(s). */
function measureOn<Value, Columns>(
  measure: NonNullable<FilterDeclaration<Value, Columns>['measure']>,
  columns: Columns,
) {
  return { name: measure.name, sql: (values: Value[]) => measure.sql(columns, values) };
}

const capitalised = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** A filter declaration, with `on` to bind it to a kind's column(s). */
export function defineFilter<Value, Columns>(
  spec: Omit<FilterDeclaration<Value, Columns>, 'on'>,
): FilterDeclaration<Value, Columns> {
  if (!spec.value && !spec.param) throw new Error(`filter ${spec.name}: give its value or its param`);
  const declaration: FilterDeclaration<Value, Columns> = {
    ...spec,
    on(columns, options) {
      if (spec.vocabulary && !options.values) throw new Error(`filter ${spec.name}: the kind must name its values`);
      const name = options.name ?? spec.name;
      const value = options.values ? (oneOf(options.values) as z.ZodType<unknown, string>) : spec.value;
      const description =
        options.description ??
        (options.values ? vocabularyDescription(capitalised(name), options.values) : spec.description);
      const ids = options.ids ?? spec.ids;
      return {
        name,
        declaration: declaration as FilterDeclaration<Value>,
        param: filterParam(declaration as FilterDeclaration, value, description),
        ...(options.values ? { values: options.values } : {}),
        ids: ids ? [ids] : [],
        example: options.example,
        exampleQuery: (as = name) =>
          new URLSearchParams({ [as]: options.example, ...options.exampleAlongside }).toString(),
        where: (values) => spec.where(columns, values),
        ...(spec.measure ? { measure: measureOn(spec.measure, columns) } : {}),
      };
    },
  };
  return declaration;
}

/**
 * A filter on one attribute, of the same name in the kind's table (the column
 * the kind gives) and in search documents (`attribute`).
 */
export function attributeFilter(spec: {
  name: string;
  description: string;
  /** The search document's attribute (a column of `search_entries`, filterable in Meilisearch). */
  attribute: string;
  /** The attribute holds several values (an array). */
  array?: boolean;
  value?: z.ZodType<string, string>;
  vocabulary?: boolean;
  ids?: IdTable;
  facets?: readonly FacetName[];
}): FilterDeclaration<string, Column> {
  const { attribute, array, value, ...rest } = spec;
  return defineFilter<string, Column>({
    ...rest,
    value: value ?? z.string(),
    where: (column, values) => inArray(column, values),
    meili: (values) => meiliIn(attribute, values),
    postgres: (values) => entryIn(attribute, values, { array: array ?? false }),
  });
}
