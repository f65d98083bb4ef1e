// The Atom feed of a search (/recherche.atom?…): the changes of the entries
// matching it, newest first, one item per change with what changed and its
// sources (RFC 4287, written by the `feed` package). Its text is HTML
// (`type="html"`), built with preact so that every value from the data is escaped.
import { Feed } from 'feed';
import { renderToString } from 'preact-render-to-string';
import type { EntryChange } from './data.js';
import type { PageKind } from './entry.js';
import { type SourceRef, sourceDate } from './html.js';
import { actionLabel, attributeLabel, kindLabel } from './labels.js';

/**
 * Characters XML 1.0 does not allow, even escaped (control characters, U+FFFE/U+FFFF, lone surrogates): an entry's name
 * may hold them (the API keeps what it is sent), and one would make the whole feed unreadable to a feed reader.
 */
const notXmlCharacters = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * HTML for an element the `feed` package writes as CDATA (an item's title and summary): every `]]>` written
 * `]]&gt;`, which HTML reads back as the same text (in an attribute too). xml-js splits only the first `]]>` of a
 * CDATA text; a second one (a quote, a source's title) would close the section and make the feed malformed.
 */
const cdataSafe = (html: string) => html.replaceAll(']]>', ']]&gt;');

/** At most this many changes in a feed. */
export const feedChanges = 50;

/** Text for an element of `type="html"`: its markup escaped, so that a reader shows it as text. */
const escapedText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const shown = (value: unknown) => {
  if (value === null || value === undefined) return '∅';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
};

/**
 * The fields a change touched that its row does not show: a link added, changed or removed (a practitioner, an
 * officer, a headcount) leaves the entry's own columns as they were, and names its field in its citation.
 */
function linkFields(change: EntryChange): string[] {
  if (change.action !== 'update' || change.changed_fields.length) return [];
  return [...new Set(change.citations.flatMap((c) => c.fields ?? []))];
}

/** The name an entry had before a change (a merged entry's, from its last state), else its id. */
const nameBefore = (change: EntryChange) => {
  const name = change.before?.name;
  return typeof name === 'string' && name ? name : change.entity_id;
};

function ChangeSummary(props: {
  change: EntryChange;
  sources: ReadonlyMap<string, SourceRef>;
  baseUrl: string;
  /** For a merge: the survivor's name and page. */
  survivor?: { name: string; link: string };
}) {
  const { change, survivor } = props;
  const links = linkFields(change);
  return (
    <div>
      {survivor ? (
        <p>
          La fiche « {nameBefore(change)} » ({change.entity_id}) a été fusionnée dans{' '}
          <a href={survivor.link}>« {survivor.name} »</a> : ses faits et leurs sources y sont repris.
        </p>
      ) : null}
      {links.length ? (
        <ul>
          {links.map((f) => (
            <li key={f}>{attributeLabel(f)} : un lien ajouté, changé ou retiré</li>
          ))}
        </ul>
      ) : null}
      {change.action === 'update' && change.changed_fields.length ? (
        <ul>
          {change.changed_fields.map((f) => (
            <li key={f}>
              {attributeLabel(f)} : {shown(change.before?.[f])} → {shown(change.after?.[f])}
            </li>
          ))}
        </ul>
      ) : null}
      {change.citations.map((c, i) => {
        const source = props.sources.get(c.source_id);
        return (
          <p key={i}>
            Source :{' '}
            <a href={`${props.baseUrl}/sources/${encodeURIComponent(c.source_id)}`}>{source?.title ?? c.source_id}</a>
            {source?.outlet ? `, ${source.outlet}` : ''}
            {source && sourceDate(source) ? `, ${sourceDate(source)}` : ''} — « {c.quote} »
          </p>
        );
      })}
    </div>
  );
}

/** The feed of a search's changes, as Atom XML. */
export function searchFeed(props: {
  baseUrl: string;
  /** The feed's own URL and the results page's, both absolute. */
  selfUrl: string;
  pageUrl: string;
  q: string;
  /** The active filters in words (search-state.ts `activeFilterText`): « Statut : ouvert ». */
  filters: string[];
  changes: EntryChange[];
  names: ReadonlyMap<string, string>;
  kinds: readonly PageKind[];
  sources: ReadonlyMap<string, SourceRef>;
}): string {
  const what = [props.q ? `« ${props.q} »` : null, ...props.filters].filter(Boolean);
  const feed = new Feed({
    id: props.selfUrl,
    title: `Plateau : ${what.length ? what.join(', ') : 'toutes les fiches'}`,
    description: 'Les dernières modifications des fiches qui répondent à cette recherche, avec leurs sources.',
    link: props.pageUrl,
    feedLinks: { atom: props.selfUrl },
    language: 'fr',
    updated: props.changes[0] ? new Date(props.changes[0].at) : new Date(0),
    author: { name: 'Plateau', link: props.baseUrl },
    generator: 'Plateau',
  });
  for (const change of props.changes) {
    const kind = props.kinds.find((k) => k.name === change.entity_kind);
    const pageOf = (id: string) => `${props.baseUrl}/${kind?.plural ?? change.entity_kind}/${encodeURIComponent(id)}`;
    const nameOf = (id: string) => props.names.get(`${change.entity_kind}:${id}`) ?? id;
    // A merge is told in its survivor's feed: the item links to the survivor and names both entries.
    const into = change.action === 'merge' ? change.merged_into : null;
    const link = pageOf(into ?? change.entity_id);
    const survivor = into ? { name: nameOf(into), link } : undefined;
    const touched = change.changed_fields.length ? change.changed_fields : linkFields(change);
    const fields = change.action === 'update' && touched.length ? ` (${touched.map(attributeLabel).join(', ')})` : '';
    const what = survivor
      ? `« ${nameBefore(change)} » fusionnée dans « ${survivor.name} »`
      : `« ${nameOf(change.entity_id)} »${fields}`;
    feed.addItem({
      id: `${link}#modification-${change.id}`,
      link,
      title: cdataSafe(
        escapedText(`${actionLabel(change.action)} : ${kindLabel(change.entity_kind).toLowerCase()} ${what}`),
      ),
      date: new Date(change.at),
      description: cdataSafe(
        renderToString(
          <ChangeSummary change={change} sources={props.sources} baseUrl={props.baseUrl} survivor={survivor} />,
        ),
      ),
    });
  }
  return feed.atom1().replace(notXmlCharacters, '');
}
