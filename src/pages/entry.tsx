// The page of one entry, for every kind (/sites/{id}, /operators/{id}…): its
// detail as the API reads it, shown generically: every attribute with, beside
// it, the citations that support it and when a source last confirmed it;
// relations as links; headcounts as a timeline (figures that disagree side by
// side); the change history; a "cite this entry" block; the JSON one link away.
// A deleted entry's page says when it was deleted and shows its history.
import type { ComponentChildren } from 'preact';
import { unsourcedAttributes } from '../citations/fields.js';
import { frenchDate, withFrenchDay } from '../domain/french-months.js';
import { bandLabel } from '../domain/sirene-codes.js';
import type { FilterParam } from '../listing/filter.js';
import type { HistoryChange } from './data.js';
import {
  ExternalLink,
  frenchDateTime,
  Layout,
  Quote,
  type SourceRef,
  safeUrl,
  sourceDate,
  sourceLine,
} from './html.js';
import {
  actionLabel,
  attributeLabel,
  attributeValueLabel,
  entryAttributeLabel,
  kindLabel,
  relatedDateLabel,
  valueLabel,
} from './labels.js';

/** What the page needs of a kind: its name, the path segment of its pages and API, and its list's filters. */
export interface PageKind {
  name: string;
  plural: string;
  /** Its list's filters: each parameter's name, and its declaration's (the name /v1/search and /recherche take). */
  filters?: readonly Pick<FilterParam, 'name' | 'declaration'>[];
}

/** A citation of the entry, as its detail gives it. */
interface Citation {
  source_id: string;
  quote: string;
  fields: string[];
  added_at: string;
}

/** Relations, by attribute: the kind (by name) of the entries they name; `self` for the entry's own kind. */
const relationKinds: Record<string, string> = {
  operator: 'operator',
  parent: 'self',
  firm: 'mandataire',
  acquirer: 'operator',
  subsidiaries: 'operator',
  sites: 'site',
  proceedings: 'proceeding',
  former_proceedings: 'proceeding',
  members: 'mandataire',
  practitioners: 'mandataire',
};

/** Keys of a related item that name an entry of another kind. */
const idKeys: Record<string, string> = { operator_id: 'operator', mandataire_id: 'mandataire', site_id: 'site' };

/** Bookkeeping and what the page shows in its own sections. */
const notAttributes = new Set([
  'id',
  'version',
  'created_at',
  'updated_at',
  'citations',
  'last_confirmed',
  'headcounts',
]);
/** Keys of a related item that are shown otherwise (its name, its link, its quote). */
const itemBookkeeping = new Set([
  'id',
  'name',
  'company_name',
  'person_name',
  'person_id',
  'role_id',
  'operator_id',
  'mandataire_id',
  'site_id',
  'source_id',
  'quote',
  // Shown as « fin de mission le … » (a replacement or a discharge) or « procédure clôturée le … » (`ended_on`, as `ended_by` says) with the words of the
  // notice that ended them and its source.
  'ended_by',
  'ended_notice_id',
  'ended_source_id',
  'ended_quote',
]);

// `figures_from`, `figures_to`: the ends of a period (a hotline's figures).
const isDateKey = (key: string) => /(^|_)(on|as_of|date|from|to)$/.test(key) || key === 'date';

/** Numbers that name rather than count, written as they are: years (`annee_effectifs` 2024), a notice's `number`. */
const isNamingNumberKey = (key: string) => /^annee_|_year$|^number$|(^|_)id$/.test(key);

/**
 * A number as the page writes it: a count grouped in the French way (1 250 salariés), decimals kept as given (a
 * latitude keeps its 50,629212: French rounding would cut it to 50,629), a year or a number that names as it is.
 */
function frenchNumber(key: string, value: number): string {
  if (isNamingNumberKey(key)) return String(value);
  // A share (`share_answered_without_wait`, between 0 and 1) as a percentage: « 99 % ».
  if (key.startsWith('share_')) return value.toLocaleString('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
  return value.toLocaleString('fr-FR', { maximumFractionDigits: 10 });
}

/** The name an entry or a related item goes by. */
export function entryName(entry: Record<string, unknown>): string {
  const name = entry.name ?? entry.company_name ?? entry.person_name ?? entry.id;
  return typeof name === 'string' ? name : String(name ?? '');
}

/** A value as the page writes it: vocabulary words, French dates and numbers, links out for addresses. */
function Value(props: { name: string; value: unknown }): ComponentChildren {
  const { name, value } = props;
  if (value === null || value === undefined) return 'non renseigné';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'number') return frenchNumber(name, value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  if (isDateKey(name)) return frenchDate(text);
  if ((name === 'website' || name === 'url') && safeUrl(text)) return <ExternalLink href={text}>{text}</ExternalLink>;
  return attributeValueLabel(name, text);
}

/** Does a citation's field support this attribute (`region` supports `region_name`, `commune` `code_commune`)? */
const supports = (field: string, key: string) =>
  key === field || key.startsWith(`${field}_`) || key === `code_${field}`;

/**
 * How fresh an attribute's quotes are, in words: the date of the newest source among them as it is published and when
 * the newest of them was recorded here, « D’après une source du 26 avril 2017 (citation enregistrée le 30 novembre
 * 2026 à 18:01) »; null without a quote of its own (an attribute worked out from another, such as a commune's code).
 * The recording date is not the source's: a 2017 article loaded today is still a 2017 article.
 */
export function backingOf(quotes: Citation[], sources: ReadonlyMap<string, SourceRef>): string | null {
  if (!quotes.length) return null;
  const dated = quotes
    .flatMap((c) => {
      const source = sources.get(c.source_id);
      return source?.published_on ? [source] : [];
    })
    .sort((a, b) => (a.published_on! < b.published_on! ? 1 : -1))[0];
  const recorded = quotes.map((c) => c.added_at).sort()[quotes.length - 1]!;
  const date = dated ? sourceDate(dated) : null;
  // « du 26 avril 2017 », « de mai 2026 », « d’août 2026 », « de 2017 ».
  const ofDate = date
    ? /^\d{1,2}(er)? /.test(date)
      ? `du ${date}`
      : /^[aeiouéh]/i.test(date)
        ? `d’${date}`
        : `de ${date}`
    : null;
  return `D’après une source ${ofDate ?? 'non datée'} (citation enregistrée le ${frenchDateTime(recorded)})`;
}

interface Context {
  kinds: readonly PageKind[];
  kind: PageKind;
  sources: ReadonlyMap<string, SourceRef>;
}

/** The page path of the entry `id` of the kind named `kindName` (`self`: the page's own kind). */
function linkOf(context: Context, kindName: string, id: string): string | null {
  const kind = kindName === 'self' ? context.kind : context.kinds.find((k) => k.name === kindName);
  return kind ? `/${kind.plural}/${encodeURIComponent(id)}` : null;
}

/** Quotes, each with its source. */
function Cited(props: { citations: { source_id: string; quote: string }[]; context: Pick<Context, 'sources'> }) {
  if (!props.citations.length) return null;
  return (
    <ul class="citations">
      {props.citations.map((c, i) => (
        <li key={i}>
          <Quote quote={c.quote} sourceId={c.source_id} source={props.context.sources.get(c.source_id)} />
        </li>
      ))}
    </ul>
  );
}

/** One item of a relation: its name (a link when it is an entry), what else it says, its quote and source. */
function RelatedItem(props: { item: Record<string, unknown>; relation: string; context: Context }) {
  const { item, context } = props;
  const target = relationKinds[props.relation];
  const idKey = Object.keys(idKeys).find((k) => typeof item[k] === 'string');
  const href =
    target && typeof item.id === 'string'
      ? linkOf(context, target, item.id)
      : idKey
        ? linkOf(context, idKeys[idKey]!, item[idKey] as string)
        : null;
  const name = entryName(item);
  const closure = item.ended_by === 'closure';
  // An appointment its proceeding's closure ended says the closing date once, as its end.
  const details = Object.entries(item).filter(
    ([k, v]) =>
      !itemBookkeeping.has(k) &&
      v !== null &&
      v !== undefined &&
      typeof v !== 'object' &&
      !(closure && k === 'closed_on'),
  );
  // An appointment a later judgment ended: said so, with its date when read.
  if (typeof item.ended_notice_id === 'string' && !item.ended_on) details.push(['ended_on', null]);
  return (
    <>
      {href ? <a href={href}>{name}</a> : <span>{name}</span>}
      {details.length ? (
        <span class="details">
          {' — '}
          {details.map(([k, v], i) => (
            <span key={k}>
              {i ? ' · ' : ''}
              {k === 'current' ? (
                v ? (
                  'actuel'
                ) : (
                  'ancien'
                )
              ) : k === 'ended_on' ? (
                v ? (
                  <>
                    {closure ? 'procédure clôturée le' : 'fin de mission le'} <Value name={k} value={v} />
                  </>
                ) : (
                  'fin de mission (date non lue)'
                )
              ) : isDateKey(k) ? (
                <>
                  {relatedDateLabel(k)} : <Value name={k} value={v} />
                </>
              ) : (
                <Value name={k} value={v} />
              )}
            </span>
          ))}
        </span>
      ) : null}
      {typeof item.quote === 'string' && typeof item.source_id === 'string' ? (
        <Quote quote={item.quote} sourceId={item.source_id} source={context.sources.get(item.source_id)} />
      ) : null}
      {/* The end of an appointment cites the notice that ended it (a replacement, a discharge), not the one that
          designated them. */}
      {typeof item.ended_quote === 'string' && typeof item.ended_source_id === 'string' ? (
        <>
          <span class="details">{closure ? 'Clôture :' : 'Fin de mission :'}</span>
          <Quote
            quote={item.ended_quote}
            sourceId={item.ended_source_id}
            source={context.sources.get(item.ended_source_id)}
          />
        </>
      ) : null}
    </>
  );
}

/**
 * Where the page sends a reader for all the entries of a bounded list (listing/embedded.ts) whose API list is `url`
 * (`/v1/proceedings?mandataire=x&status=open&sort=-date`): the results page of the same kind and filters, each under
 * the name search gives it (`/recherche?kind=proceeding&mandataire=x&status=open`; its sort left out, search has its
 * own), and the list's CSV export, which has them all at once). Null for a URL naming no kind's list.
 */
export function boundedListLinks(
  kinds: readonly PageKind[],
  url: string,
): { results: string; csv: string; kind: PageKind } | null {
  const [path = '', query = ''] = url.split('?');
  const kind = kinds.find((k) => path === `/v1/${k.plural}`);
  if (!kind) return null;
  const given = [...new URLSearchParams(query)].filter(([name]) => name !== 'sort');
  const searched = given.map(([name, value]): [string, string] => {
    const filter = kind.filters?.find((f) => f.name === name);
    return [filter?.declaration.name ?? name, value];
  });
  return {
    results: `/recherche?${new URLSearchParams([['kind', kind.name], ...searched])}`,
    csv: `/v1/${kind.plural}/export?${new URLSearchParams([['format', 'csv'], ...given])}`,
    kind,
  };
}

/**
 * Below a bounded list the detail cut (`<key>_total` more than it shows): how many it shows of how many, a link to
 * all of them on the results page (« Voir les 3 007 procédures ») and to their CSV.
 */
function MoreOfList(props: { relation: string; shown: number; entry: Record<string, unknown>; context: Context }) {
  const total = props.entry[`${props.relation}_total`];
  const url = props.entry[`${props.relation}_url`];
  if (typeof total !== 'number' || total <= props.shown) return null;
  // A list no API list filters (a practitioner's former appointments) has its count alone.
  const links = typeof url === 'string' ? boundedListLinks(props.context.kinds, url) : null;
  const count = total.toLocaleString('fr-FR');
  const noun = attributeLabel(props.relation).toLowerCase();
  return (
    <p class="more">
      Fiche limitée à {props.shown.toLocaleString('fr-FR')} {noun} sur {count}.{' '}
      {links ? (
        <>
          <a href={links.results}>
            Voir les {count} {noun}
          </a>{' '}
          · <a href={links.csv}>les {count} en CSV</a>
        </>
      ) : null}
    </p>
  );
}

/** A dated figure of the detail's `headcounts`: a number of a source, or a site's Sirene band (a range). */
type Headcount = {
  kind: string;
  as_of: string | null;
  source_id: string;
  quote: string;
} & (
  | { id: number; value: number; note: string | null }
  | { kind: 'tranche_effectifs'; tranche_effectifs: string; effectifs_min: number; effectifs_max: number | null }
);

/** What a figure says: « 11 emplois créés », or a band's range « 6 à 9 salariés (tranche 03 de Sirene) ». */
function FigureText(props: { h: Headcount }): ComponentChildren {
  const { h } = props;
  if ('value' in h) {
    return (
      <>
        <strong>{h.value.toLocaleString('fr-FR')}</strong> {valueLabel(h.kind)}
        {h.note ? <span class="note"> — {h.note}</span> : null}
      </>
    );
  }
  return (
    <>
      <strong>{bandLabel(h.tranche_effectifs) ?? h.tranche_effectifs}</strong>{' '}
      <span class="note">(tranche d’effectifs {h.tranche_effectifs} du répertoire Sirene)</span>
    </>
  );
}

/**
 * Dated figures, oldest first: the sources' numbers and a site's Sirene band beside them; figures of one kind and
 * date that disagree side by side, each with its source.
 */
function Timeline(props: { headcounts: Headcount[]; context: Context }) {
  const groups = new Map<string, Headcount[]>();
  const sorted = [...props.headcounts].sort((a, b) => (a.as_of ?? '9999').localeCompare(b.as_of ?? '9999'));
  for (const h of sorted) {
    const key = `${h.as_of ?? ''}|${h.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  const figure = (h: Headcount, i: number) => (
    <div class="figure" key={i}>
      <p>
        <FigureText h={h} />
      </p>
      <Quote quote={h.quote} sourceId={h.source_id} source={props.context.sources.get(h.source_id)} />
    </div>
  );
  return (
    <ol class="timeline">
      {[...groups.entries()].map(([key, group]) => {
        const first = group[0]!;
        const disagree = new Set(group.map((h) => ('value' in h ? h.value : h.tranche_effectifs))).size > 1;
        return (
          <li key={key} class={disagree ? 'disagree' : undefined}>
            <p class="when">{first.as_of ? frenchDate(first.as_of) : 'date non précisée'}</p>
            {disagree ? <p class="warning">Les sources ne donnent pas le même chiffre :</p> : null}
            <div class={disagree ? 'side-by-side' : undefined}>{group.map(figure)}</div>
          </li>
        );
      })}
    </ol>
  );
}

/** A value of `field` in a snapshot of the history, short, as the entry's page writes it (vocabulary words, codes). */
function snapshotText(field: string, value: unknown): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return '∅';
  const text =
    typeof value === 'string'
      ? isDateKey(field)
        ? frenchDate(value)
        : attributeValueLabel(field, value)
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? value.map((v) => attributeValueLabel(field, v)).join(', ')
        : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/**
 * Changes of an entry (given oldest first): when, what, by whom, from which sources. Shown newest first, numbered down
 * from `total` (the entry's number of changes: they may be its latest only), or, with `oldestFirst`, in their order
 * (a page of the whole history, /<kind>/{id}/history).
 */
export function History(props: {
  changes: HistoryChange[];
  context: Pick<Context, 'sources'> & Partial<Context>;
  total?: number;
  oldestFirst?: boolean;
}) {
  if (!props.changes.length) return <p>Aucune modification enregistrée.</p>;
  const changes = props.oldestFirst ? props.changes : [...props.changes].reverse();
  const List = props.oldestFirst ? 'ul' : 'ol';
  return (
    <List class="history" reversed={!props.oldestFirst} start={props.oldestFirst ? undefined : props.total}>
      {changes.map((change) => (
        <li key={change.id} id={`modification-${change.id}`}>
          <p>
            <strong>{actionLabel(change.action)}</strong> le {frenchDateTime(change.at)} par {change.actor}
            {change.merged_into && props.context.kind ? (
              <>
                {' '}
                dans{' '}
                <a href={`/${props.context.kind.plural}/${encodeURIComponent(change.merged_into)}`}>
                  {change.merged_into}
                </a>
              </>
            ) : null}
          </p>
          {change.action === 'update' && change.changed_fields.length ? (
            <ul class="changed">
              {change.changed_fields.map((field) => (
                <li key={field}>
                  {attributeLabel(field)} : {snapshotText(field, change.before?.[field])} →{' '}
                  {snapshotText(field, change.after?.[field])}
                </li>
              ))}
            </ul>
          ) : null}
          <Cited citations={change.citations} context={props.context} />
        </li>
      ))}
    </List>
  );
}

/** The address of the page of an entry's whole history, page by page (its JSON: /v1/<kind>/{id}/history). */
export const historyPagePath = (kind: PageKind, id: string) => `/${kind.plural}/${encodeURIComponent(id)}/history`;

/**
 * An entry's page's history section: its latest changes (`changes`, oldest first, at most `entryPageChanges`) of its
 * `total`, and a link to the whole history when they are not all shown.
 */
function HistorySection(props: {
  kind: PageKind;
  id: string;
  changes: HistoryChange[];
  total: number;
  context: Pick<Context, 'sources'> & Partial<Context>;
}) {
  const more = props.total > props.changes.length;
  return (
    <section aria-labelledby="historique">
      <h2 id="historique">Historique des modifications</h2>
      {more ? (
        <p class="more">
          Les {props.changes.length.toLocaleString('fr-FR')} dernières modifications sur{' '}
          {props.total.toLocaleString('fr-FR')} :{' '}
          <a href={historyPagePath(props.kind, props.id)}>
            voir les {props.total.toLocaleString('fr-FR')} modifications
          </a>
          .
        </p>
      ) : null}
      <History changes={props.changes} total={props.total} context={props.context} />
    </section>
  );
}

/** How many of an entry's latest changes its page shows (the rest page by page at historyPagePath). */
export const entryPageChanges = 20;

const consultedFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });

/** The text to paste into an article: the entry's name, its permanent URL, the day of consultation, its sources. */
export function citeText(name: string, kind: string, url: string, sources: SourceRef[], today: Date): string {
  const day = withFrenchDay(consultedFormat, today);
  const cited = sources.map(sourceLine);
  return `« ${name} », fiche ${kindLabel(kind).toLowerCase()} de Plateau, ${url}, consultée le ${day}.${
    cited.length ? ` Sources : ${cited.join(' ; ')}.` : ''
  }`;
}

export function EntryPage(props: {
  kinds: readonly PageKind[];
  kind: PageKind;
  entry: Record<string, unknown>;
  sources: ReadonlyMap<string, SourceRef>;
  /** Its latest changes, oldest first (at most entryPageChanges), of `historyTotal`. */
  history: HistoryChange[];
  historyTotal: number;
  baseUrl: string;
  today: Date;
}) {
  const { entry, kind } = props;
  const context: Context = { kinds: props.kinds, kind, sources: props.sources };
  const id = String(entry.id);
  const name = entryName(entry);
  const citations = (entry.citations ?? []) as Citation[];
  // A bounded list's total and URL (`proceedings_total`, `proceedings_url`) are shown with the list, not as attributes.
  const ofList = (k: string) => /_(total|url)$/.test(k) && Array.isArray(entry[k.replace(/_(total|url)$/, '')]);
  const entries = Object.entries(entry).filter(
    ([k, v]) =>
      !notAttributes.has(k) && !ofList(k) && v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0),
  );
  const isItems = (v: unknown): v is Record<string, unknown>[] =>
    Array.isArray(v) && v.every((i) => i !== null && typeof i === 'object');
  const attributes = entries.filter(([, v]) => !isItems(v));
  // Attributes no source gives: named, never guessed.
  const unknown = Object.entries(entry)
    .filter(([k, v]) => !notAttributes.has(k) && v === null)
    .map(([k]) => attributeLabel(k));
  const relations = entries.filter(([, v]) => isItems(v)) as [string, Record<string, unknown>[]][];
  const attributeKeys = attributes.map(([k]) => k);
  // A citation goes beside each attribute it supports, exactly named first; the others are listed after.
  const beside = (key: string) =>
    citations.filter(
      (c) =>
        c.fields.includes(key) ||
        c.fields.some(
          (f) => !attributeKeys.includes(f) && supports(f, key) && attributeKeys.find((k) => supports(f, k)) === key,
        ),
    );
  const placed = new Set(attributeKeys.flatMap((k) => beside(k)));
  const others = citations.filter((c) => !placed.has(c));
  const headcounts = (entry.headcounts ?? []) as Headcount[];
  const permanentUrl = `${props.baseUrl}/${kind.plural}/${encodeURIComponent(id)}`;
  const entrySources = [...new Set(citations.map((c) => c.source_id))].flatMap((s) => {
    const source = props.sources.get(s);
    return source ? [source] : [];
  });
  const backing = (key: string) => backingOf(beside(key), props.sources);
  // What the entry states that no quote supports is said to be so, never shown as sourced.
  const unsourced = new Set(unsourcedAttributes(entry));

  return (
    <Layout title={`${name} (${kindLabel(kind.name).toLowerCase()})`}>
      <p class="kind-line">
        <span class={`badge badge-${kind.name}`}>{kindLabel(kind.name)}</span>
      </p>
      <h1>{name}</h1>
      <p class="json-link">
        <a href={`/v1/${kind.plural}/${encodeURIComponent(id)}`} type="application/json">
          Données de la fiche (JSON)
        </a>
        {' · '}
        <a href="#historique">Historique</a> · <a href="#citer">Citer cette fiche</a>
      </p>
      <section aria-labelledby="attributs">
        <h2 id="attributs">Informations et sources</h2>
        <dl class="attributes">
          {attributes.map(([key, value]) => {
            const backed = backing(key);
            const ref =
              value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
            const target = relationKinds[key];
            return (
              <div class="attribute" key={key} id={`attribut-${key}`}>
                <dt>{entryAttributeLabel(key, entry)}</dt>
                <dd>
                  {ref && typeof ref.id === 'string' && target ? (
                    <a href={linkOf(context, target, ref.id) ?? '#'}>{entryName(ref)}</a>
                  ) : ref ? (
                    <dl class="nested">
                      {Object.entries(ref)
                        .filter(([, v]) => v !== null && v !== undefined)
                        .map(([k, v]) => (
                          <div key={k}>
                            <dt>{attributeLabel(k)}</dt>
                            <dd>
                              <Value name={k} value={v} />
                            </dd>
                          </div>
                        ))}
                    </dl>
                  ) : (
                    <span class="value">
                      <Value name={key} value={value} />
                    </span>
                  )}
                  <Cited citations={beside(key)} context={context} />
                  {backed ? <p class="confirmed">{backed}</p> : null}
                  {unsourced.has(key) ? <p class="unsourced">sans source</p> : null}
                </dd>
              </div>
            );
          })}
        </dl>
        {unknown.length ? (
          <p class="unknown">Non renseigné (aucune source ne le donne) : {unknown.join(', ')}.</p>
        ) : null}
        {others.length ? (
          <>
            <h3>Autres citations de la fiche</h3>
            {others.map((c, i) => (
              <div key={i}>
                <p class="fields">{c.fields.map(attributeLabel).join(', ') || 'la fiche'}</p>
                <Cited citations={[c]} context={context} />
              </div>
            ))}
          </>
        ) : null}
      </section>
      {headcounts.length ? (
        <section aria-labelledby="effectifs">
          <h2 id="effectifs">Effectifs dans le temps</h2>
          <Timeline headcounts={headcounts} context={context} />
        </section>
      ) : null}
      {relations.map(([key, items]) => (
        <section aria-labelledby={`relation-${key}`} key={key}>
          <h2 id={`relation-${key}`}>{attributeLabel(key)}</h2>
          <ul class="relations">
            {items.map((item, i) => (
              <li key={i}>
                <RelatedItem item={item} relation={key} context={context} />
              </li>
            ))}
          </ul>
          <MoreOfList relation={key} shown={items.length} entry={entry} context={context} />
        </section>
      ))}
      <HistorySection kind={kind} id={id} changes={props.history} total={props.historyTotal} context={context} />
      <section aria-labelledby="citer">
        <h2 id="citer">Citer cette fiche</h2>
        <p class="cite" id="texte-citation">
          {citeText(name, kind.name, permanentUrl, entrySources, props.today)}
        </p>
        <p>
          Adresse permanente : <a href={permanentUrl}>{permanentUrl}</a>
        </p>
        <button type="button" class="copy" data-copy="texte-citation" hidden>
          Copier la citation
        </button>
      </section>
    </Layout>
  );
}

/** The page of a deleted entry: that it was deleted, when, and its latest changes (the rest one link away). */
export function DeletedEntryPage(props: {
  kind: PageKind;
  id: string;
  at: Date;
  /** Its latest changes, oldest first (at most entryPageChanges), of `historyTotal`. */
  history: HistoryChange[];
  historyTotal: number;
  sources: ReadonlyMap<string, SourceRef>;
}) {
  const lastKnown = [...props.history].reverse().find((c) => c.before)?.before;
  const name = lastKnown ? entryName(lastKnown) : props.id;
  return (
    <Layout title={`${name} : fiche supprimée`}>
      <h1>{`${name} : fiche supprimée`}</h1>
      <p class="notice">
        Cette fiche ({kindLabel(props.kind.name).toLowerCase()} <code>{props.id}</code>) a été supprimée le{' '}
        {frenchDateTime(props.at)}. Son historique reste consultable ci-dessous.
      </p>
      <p>
        <a href="/recherche">Revenir à la recherche</a>
      </p>
      <HistorySection
        kind={props.kind}
        id={props.id}
        changes={props.history}
        total={props.historyTotal}
        context={{ sources: props.sources, kind: props.kind }}
      />
    </Layout>
  );
}
