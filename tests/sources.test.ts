import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { getJson, testApp } from './setup/app.js';

it('dump', async () => {
  const { app } = await testApp();
  const out: Record<string, unknown> = {};
  for (const url of [
    '/v1/operators?limit=100', '/v1/operators/koramic', '/v1/operators/ipg', '/v1/operators/ipg-contacts-services', '/v1/operators/affaires-de-contact',
    '/v1/clubs?limit=100', '/v1/clubs/cprc-rhone-alpes', '/v1/clubs/hub-retail', '/v1/clubs?region=Picardie', '/v1/clubs?region=84', '/v1/clubs?region=32', '/v1/clubs?region=Rhône-Alpes',
    '/v1/mandataires?limit=100', '/v1/mandataires/cnajmj', '/v1/mandataires/etude-meynet',
    '/v1/proceedings?limit=100', '/v1/proceedings/ipg-depot-de-bilan-2017', '/v1/proceedings/affaires-de-contact-reprise-a-la-barre', '/v1/proceedings?sort=date&limit=100', '/v1/proceedings?sort=-date&limit=100',
    '/v1/sources?limit=100', '/v1/sources?sort=-published_on', '/v1/sources/en-contact-2017-04-26-fin-de-partie-ipg',
  ]) out[url] = (await getJson(app, url));
  writeFileSync('/tmp/plateau-dump.json', JSON.stringify(out, null, 1));
});
