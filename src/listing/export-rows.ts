// The one query an export streams: every entry its filters select, oldest
// first, each already shaped in SQL. For JSON lines, one column per summary key
// (references as `{ id, name }`, timestamps as ISO text, citations as a JSON
// list), read through a server-side cursor; for CSV, each entry as its whole
// line, every cell written by PostgreSQL exactly as `csvCell` (export.ts) writes
// the value the driver would read, so that the export only passes PostgreSQL's
// bytes on (`COPY … TO STDOUT`, db/copy-out.ts).
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { isoText } from '../db/json.js';
import { shown } from '../db/withheld.js';
import { formulaLike } from './export.js';
import type { IdTable } from './filter.js';

/** A column naming another entry, exported as `{ id, name }` under `as` (a summaries.ts `Reference` fits). */
interface ExportedReference {
  as: string;
  column: PgColumn;
  table: PgTable;
}

/** What an export writes of each entry: its summary's keys in order, and the column its citations point by. */
export interface ExportColumns {
  /** The top-level keys of the summary, in the order it lists them. */
  keys: readonly string[];
  /** The column of `citations` naming the kind's entries (`site_id`); without it, no `citations`. */
  citationColumn?: string | undefined;
  /**
   * For CSV: one cell per path (`['operator', 'id']` for a reference's id, `['name']`, `['hotline', 'phone']` for
   * a field of a JSON column), in this order, then `citations` as JSON text. Each row is then one column, `line`:
   * the entry's CSV line, CRLF included, as `csvLine` (export.ts) writes it.
   */
  paths?: readonly (readonly string[])[] | undefined;
}

/** The SQL of a complete export, given the filters' condition: see `exportSelect`. */
export type ExportQuery = (query: object, columns: ExportColumns) => SQL;

/** A cell of the CSV: its SQL as `csvCell` writes it and, for text, the text it is made of (see `csvLine`). */
interface Cell {
  cell: SQL;
  text?: SQL;
}

/** A constant of ours as an SQL string literal (the CSV query runs in COPY, which takes no parameters). */
function literal(text: string): SQL {
  return sql.raw(`'${text.replaceAll("'", "''")}'`);
}

/**
 * What `String.prototype.trim` removes (ECMAScript's WhiteSpace and LineTerminator), as the characters of a class
 * of PostgreSQL's regular expressions: `csvCell` quotes a cell that starts or ends with one of them.
 */
const trimmed = '\\t\\n\\x0b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/** What `formulaLike` finds at the start of a cell, for a pattern that says where the cell starts. */
const formulaStart = formulaLike.source.replace(/^\^/, '');

/** When `csvCell` quotes a cell: a quote, a semicolon or a line break in it, or space `trim` would remove. */
const needsQuotes = literal(`[";\\r\\n]|^[${trimmed}]|[${trimmed}]$`);

/** When `csvCell` changes a cell at all: it needs quotes, or starts as a formula. */
const changed = literal(`[";\\r\\n]|^(${formulaStart}|[${trimmed}])|[${trimmed}]$`);

/** `text` between quotes, `"` doubled, when `csvCell` quotes it (see `needsQuotes`). */
function quoted(text: SQL): SQL {
  return sql`(case when ${text} ~ ${needsQuotes} then '"' || replace(${text}, '"', '""') || '"' else ${text} end)`;
}

/**
 * A text cell as `csvCell` writes it (null stays null: an empty cell): as it is, unless `changed` finds
 * something; then behind one more apostrophe when a spreadsheet would read it as a formula (`formulaLike`), and
 * `quoted`. PostgreSQL computes an expression as often as it is written, each regular expression costing about
 * a microsecond: the common case costs one.
 */
function textCell(text: SQL): Cell {
  return {
    text,
    cell: sql`(case when ${text} !~ ${changed} then ${text}
      when ${text} ~ ${literal(formulaLike.source)} then ${quoted(sql`('''' || ${text})`)} else ${quoted(text)} end)`,
  };
}

/** A float8 as JavaScript's `String` writes it: plain from 1e-6 to 1e21 (`0.00001`), else `1e-7`, `1.5e+21`. */
function jsNumber(value: SQL): SQL {
  // PostgreSQL writes the same shortest digits as JavaScript, with exponents of its own (`1e-05`): read as
  // numeric, they print plain. -0 prints `0`, as in JavaScript.
  return sql`(case when ${value} = 0 then '0'
    when abs(${value}) >= 1e-6 and abs(${value}) < 1e21 then ${value}::text::numeric::text
    else regexp_replace(${value}::text, 'e([+-])0*', 'e\\1') end)`;
}

/** A number's cell: behind an apostrophe when negative (`'-4.48`); nothing else in a number needs care. */
function numberCell(value: SQL, text: SQL): SQL {
  return sql`(case when ${value} < 0 then '''' || ${text} else ${text} end)`;
}

/**
 * A text list as `listCell` (export.ts) writes it, then as a cell: its items joined with « | »; a JSON array when
 * an item holds a « | », is empty or starts or ends with space, or the first starts with « [ ». A null item reads
 * `null`, as `JSON.stringify` writes it.
 */
function listCell(items: SQL): Cell {
  const list = sql`array_replace(${items}, null, 'null')`;
  // The items between bars: one holding a bar makes a bar too many; an empty or untrimmed one shows beside one.
  const barred = sql`('|' || array_to_string(${list}, '|') || '|')`;
  const plain = sql`length(${barred}) - length(replace(${barred}, '|', '')) = cardinality(${items}) + 1
    and ${barred} !~ ${literal(`\\|\\||\\|[${trimmed}]|[${trimmed}]\\||^\\|\\[`)}`;
  return textCell(sql`(case when cardinality(${items}) = 0 then '' when ${plain}
    then array_to_string(${list}, ' | ') else array_to_json(${list})::text end)`);
}

/**
 * A JSON value's cell, as the driver reads it: a number as JavaScript writes it, a string or a boolean as text,
 * null an empty cell. No summary has a list or an object inside a JSON column (they would read as PostgreSQL's
 * JSON text, with its spaces, not as `JSON.stringify` writes them).
 */
function jsonCell(json: SQL): Cell {
  const number = sql`(${json} #>> '{}')::float8`;
  return {
    cell: sql`(case jsonb_typeof(${json}) when 'number' then ${numberCell(number, jsNumber(number))}
      when 'null' then null when 'boolean' then ${json} #>> '{}'
      when 'string' then ${textCell(sql`(${json} #>> '{}')`).cell} else ${textCell(sql`${json}::text`).cell} end)`,
  };
}

/** A column's cell (a field inside it for a JSON column), as `csvCell` writes the value the driver reads. */
function columnCell(column: PgColumn, inside: readonly string[]): Cell {
  const type = column.columnType;
  if (type === 'PgJsonb' || type === 'PgJson') {
    return jsonCell(sql`(${column}::jsonb #> ${literal(`{${inside.join(',')}}`)}::text[])`);
  }
  if (inside.length) throw new Error(`export: ${column.name} is not a JSON column, it has no ${inside.join('.')}`);
  if (type === 'PgTimestamp' || type === 'PgTimestampString') return { cell: isoText(column) };
  if (type === 'PgInteger' || type === 'PgSmallInt' || type === 'PgSerial' || type === 'PgSmallSerial') {
    return { cell: numberCell(sql`${column}`, sql`${column}::text`) };
  }
  if (type === 'PgDoublePrecision' || type === 'PgReal') {
    return { cell: numberCell(sql`${column}`, jsNumber(sql`${column}::float8`)) };
  }
  if (type === 'PgBoolean') return { cell: sql`${column}::text` };
  if (type === 'PgArray') return listCell(sql`${column}::text[]`);
  return textCell(sql`${column}::text`);
}

/**
 * Values joined by `separator` (semicolons unless given; `end` after them), null ones empty. Written with `||`:
 * `concat` calls each argument's output function, a quarter of a line's cost.
 */
function joined(values: SQL[], end?: SQL, separator: SQL = sql`';'`): SQL {
  const parts = values.map((value) => sql`coalesce(${value}, '')`);
  const all = [...parts.flatMap((part, i) => (i ? [separator, part] : [part])), ...(end ? [end] : [])];
  return sql`(${sql.join(all, sql` || `)})`;
}

/**
 * What the text cells of a line are joined by for their test (`touched`): the unit separator (U+001F), which
 * `csvCell` leaves as it is. A cell holding one only makes the test see a cell start or end more, never fewer:
 * at worst the line is written cell by cell, as it would be anyway.
 */
const unit = sql.raw(`E'\\x1f'`);

/**
 * Where text cells joined by `unit` hold what `csvCell` would change (see `changed`): a quote, a semicolon, a
 * line break, a cell starting as a formula, or starting or ending with space.
 */
const touched = literal(`[";\\r\\n]|(^|\\x1f)(${formulaStart}|[${trimmed}])|[${trimmed}](\\x1f|$)`);

/**
 * An entry's CSV line (CRLF included, or what `end` gives), as `csvLine` writes its cells. Most lines need no cell
 * quoted or neutralised: their text cells joined are tested at once (`touched`) and then written as they are;
 * only the others are written cell by cell (`textCell`), which costs PostgreSQL a few regular expressions per cell.
 */
function csvLine(cells: Cell[], end?: SQL): SQL {
  const careful = joined(
    cells.map((c) => c.cell),
    end,
  );
  const texts = cells.flatMap((c) => (c.text ? [c.text] : []));
  if (!texts.length) return careful;
  const plain = joined(
    cells.map((c) => c.text ?? c.cell),
    end,
  );
  return sql`(case when ${joined(texts, undefined, unit)} !~ ${touched} then ${plain} else ${careful} end)`;
}

/**
 * Every entry of `table` that `where` selects, ordered by (created_at, id) as the `created_at` sort index
 * holds them: one column per summary key (a reference as a JSON `{ id, name }` or null, a timestamp as ISO
 * text), then `citations`, a JSON list of `{ source, quote, fields }` in citation order, when the kind has a
 * citation column; or, given `paths`, one column `line`, each entry's CSV line (see `ExportColumns`). `measures`: keys
 * computed in SQL (a filter's `distance_km`, a float8). Its only parameters are those of `where` and `measures`.
 * Throws on a key that is neither a column, a measure nor a reference (a programming error).
 */
export function exportSelect(
  table: IdTable,
  references: readonly ExportedReference[],
  where: SQL | undefined,
  columns: ExportColumns,
  measures: Readonly<Record<string, SQL>> = {},
): SQL {
  const tableColumns = getTableColumns(table) as Record<string, PgColumn>;
  const columnNamed = (key: string) => {
    const column = tableColumns[key];
    if (!column) throw new Error(`export column ${key} is neither a column, a measure nor a reference`);
    return column;
  };
  const isReference = (key: string | undefined) => references.some((r) => r.as === key);
  // An entry's citations, given its id: `select ${list} from ${citationRows(id)}`.
  const list = sql`coalesce(json_agg(x), '[]'::json)`;
  const citationColumn = columns.citationColumn && sql.identifier(columns.citationColumn);
  const citationRows = (id: SQL) =>
    sql`(select c.source_id as source, c.quote, c.fields from citations c where c.${citationColumn} = ${id} order by c.id) x`;
  const joins = references.map(
    (r) =>
      sql` left join ${r.table} as ${sql.identifier(r.as)} on ${sql.identifier(r.as)}.id = ${r.column} and ${shown(r.table, r.as)}`,
  );
  const created = tableColumns.created_at;
  if (!created) throw new Error('an exported table has a created_at column');
  // The rows, oldest first, with these joins after the references'.
  const from = (...more: SQL[]) => sql`from ${table}${sql.join([...joins, ...more])}
    ${where ? sql`where ${where}` : sql``} order by ${created}, ${table.id} collate "C"`;
  if (columns.paths) {
    // A path is a column; a reference's field (`operator`, `id`); or a field inside a JSON column (`hotline`, `phone`).
    const cells = columns.paths.map(([key = '', ...inside]): Cell => {
      if (isReference(key)) return textCell(sql`${sql.identifier(key)}.${sql.identifier(inside.join('_'))}::text`);
      const measure = measures[key];
      if (measure) return { cell: numberCell(measure, jsNumber(sql`(${measure})::float8`)) };
      return columnCell(columnNamed(key), inside);
    });
    const crlf = sql.raw(`E'\\r\\n'`);
    if (!citationColumn) return sql`select ${csvLine(cells, crlf)} as line ${from()}`;
    // Joined laterally, the list is read once per entry, not once for each time its cell's expression names it.
    // JSON text never holds a raw line break inside a string: what json_agg puts between items is `, \n `.
    const cited = sql.identifier('exported_citations');
    const lateral = sql` cross join lateral (select replace(${list}::text, E', \\n ', ',') as list
      from ${citationRows(sql`${table.id}`)}) as ${cited}`;
    // The list's cell as `csvCell` writes it, without testing it: a JSON list never starts as a formula or with
    // space, and holds quotes (its keys) unless it is empty.
    cells.push({
      cell: sql`(case when ${cited}.list = '[]' then ${cited}.list else '"' || replace(${cited}.list, '"', '""') || '"' end)`,
    });
    return sql`select ${csvLine(cells, crlf)} as line ${from(lateral)}`;
  }
  const values = columns.keys.map((key) => {
    const as = sql.identifier(key);
    if (isReference(key)) {
      return sql`case when ${as}.id is null then null
          else json_build_object('id', ${as}.id, 'name', ${as}.name) end as ${as}`;
    }
    const measure = measures[key];
    if (measure) return sql`${measure} as ${as}`;
    const column = columnNamed(key);
    return sql`${column.columnType === 'PgTimestamp' ? isoText(column) : column} as ${as}`;
  });
  if (citationColumn) values.push(sql`(select ${list} from ${citationRows(sql`${table.id}`)}) as citations`);
  return sql`select ${sql.join(values, sql`, `)} ${from()}`;
}
