// The Atom feed stays well-formed XML whatever the data holds: every `]]>` (xml-js splits only the first of a CDATA
// text), markup, entities and quotes, in every field a feed writes (an entry's name, a changed value, a source's
// title and outlet, a quote, the search's words), parsed back by an XML parser to the very text written.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let send: Awaited<ReturnType<typeof writer>>;

beforeAll(async () => {
  const started = await testApp({ searchIndex: true });
  app = started.app;
  send = await writer(app, started.db);
});

/** Text a feed must carry as it is: two `]]>`, markup, an entity, quotes. */
const hostile = (what: string) => `${what} ]]> one ]]> two <img src=x onerror=alert(1)> &amp; "q" 'a'`;

/** The text an HTML summary shows: its tags dropped, its entities read. */
const shownText = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('the Atom feed with ]]> and markup in every field', () => {
  it('is well-formed, and gives back every text as written', async () => {
    const source = { url: 'https://x.example/cdata', title: hostile('title'), outlet: hostile('outlet') };
    const created = await send('POST', '/v1/sites', {
      name: 'Cdata ]]> ]]> <img src=x> Zorglub',
      operator: 'ipg-contacts-services',
      commune: 'Arras',
      status: 'open',
      address: hostile('address'),
      citations: [
        {
          source,
          quote: hostile('quote'),
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    const changed = await send(
      'PATCH',
      `/v1/sites/${id}`,
      { address: hostile('new address'), citations: [{ source, quote: hostile('second') }] },
      { 'if-match': created.headers.etag as string },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    await app.directorySearch.indexer.runOnce();
    const response = await app.inject({ url: '/recherche.atom?q=Zorglub%20%5D%5D%3E%20%5D%5D%3E' });
    expect(response.statusCode).toBe(200);
    expect(XMLValidator.validate(response.body)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' }).parse(
      response.body,
    ).feed;
    expect(feed.title).toBe('Plateau : « Zorglub ]]> ]]> »');
    const [update, create] = feed.entry;
    expect(shownText(create.title['#text'])).toBe('Création : site « Cdata ]]> ]]> <img src=x> Zorglub »');
    expect(shownText(update.title['#text'])).toBe(
      'Modification : site « Cdata ]]> ]]> <img src=x> Zorglub » (Adresse)',
    );
    expect(shownText(create.summary['#text'])).toBe(
      `Source : ${hostile('title')}, ${hostile('outlet')} — « ${hostile('quote')} »`,
    );
    expect(shownText(update.summary['#text'])).toBe(
      `Adresse : ${hostile('address')} → ${hostile('new address')}` +
        `Source : ${hostile('title')}, ${hostile('outlet')} — « ${hostile('second')} »`,
    );
    // No markup from the data: the only element of a summary are the feed's own.
    expect(update.summary['#text']).not.toContain('<img');
  });
});
