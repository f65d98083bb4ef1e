// Faults 01, 02 and 05 of /tmp/verify35 (issue 11's hostile check of the BODACC practitioners): a firm written after
// its practitioner's name was never read (a namesake of another firm and city was linked, the firm never made); a
// judgment replacing a practitioner linked no one and reported nothing, the one replaced staying current; a name
// written surname first with no capitals to tell the order was shown inverted, and the practitioners' list, whose nom
// and prénom columns say the order, never set it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'import test' };
const faults = 'tests/fixtures/bodacc/faults';

const practitionersOf = async (app: App, proceeding: string) =>
  ((await getJson(app, `/v1/proceedings/${proceeding}`)).body.practitioners as Record<string, unknown>[]).map(
    (p) => ({ id: p.id, role: p.role, notice_id: p.notice_id }),
  );

describe('a firm written after its practitioner’s name (fault 01)', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });

  it('is read as their firm: a namesake of another firm and city is reported, not linked; the firm is made and joined', async () => {
    const report = await importBodacc(db, { file: `${faults}/firm-after-name.csv`, actor });
    console.log(JSON.stringify(report.uncertain, null, 1), JSON.stringify(report.practitioners));
    console.log(JSON.stringify(await practitionersOf(app, 'bodacc-a20240110305')));
    console.log(JSON.stringify((await getJson(app, '/v1/mandataires?kind=firm')).body.data.map((d: { id: string }) => d.id)));
    console.log(JSON.stringify((await getJson(app, '/v1/mandataires/yannick-le-gall')).body));
  });
});

describe('a judgment replacing a practitioner (fault 02)', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });

  it('links the new one in the role, and the one replaced is no longer current there', async () => {
    const report = await importBodacc(db, { file: `${faults}/replacement.csv`, actor });
    console.log(JSON.stringify(report.uncertain, null, 1), JSON.stringify(report.practitioners));
    console.log(JSON.stringify(await practitionersOf(app, 'bodacc-a20240050101')));
    console.log(JSON.stringify(await practitionersOf(app, 'bodacc-a20240052103')));
  });
});

describe('a judgment replacing a practitioner linked by an earlier import (fault 02)', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });

  it('ends the link of the one replaced, citing the judgment', async () => {
    await importBodacc(db, { file: `${faults}/replacement-openings.csv`, actor });
    console.log(JSON.stringify(await practitionersOf(app, 'bodacc-a20240050101')));
    const report = await importBodacc(db, { file: `${faults}/replacement.csv`, actor });
    console.log(JSON.stringify(report.uncertain, null, 1), JSON.stringify(report.practitioners));
    console.log(JSON.stringify(await practitionersOf(app, 'bodacc-a20240050101')));
    console.log(JSON.stringify(await practitionersOf(app, 'bodacc-a20240052103')));
    const v = await getJson(app, '/v1/mandataires/helene-vasseur');
    console.log(v.status, JSON.stringify(v.body).slice(0, 1500));
    console.log(JSON.stringify((await getJson(app, '/v1/mandataires/helene-vasseur/history')).body.data.map((d: Record<string, unknown>) => [d.action, d.changed_fields, d.citations])));
    console.log(JSON.stringify((await getJson(app, '/v1/proceedings/bodacc-a20240050101/history')).body.data.map((d: Record<string, unknown>) => [d.action, d.changed_fields, d.citations])));
  });
});

describe('a name written surname first, no capitals to tell the order (fault 05)', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });

  it('is ordered by the firm carrying the surname', async () => {
    await importBodacc(db, { file: `${faults}/name-order-notice.csv`, actor });
    console.log(JSON.stringify((await getJson(app, '/v1/mandataires?kind=practitioner')).body.data.map((d: { id: string; name: string }) => [d.id, d.name])));
  });
});

describe('a name written surname first and no firm, then the practitioners’ list (fault 05)', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
  });

  it('takes the list’s nom and prénom for the name, cited to the list, the id kept', async () => {
    await importBodacc(db, { file: `${faults}/name-order-no-firm.csv`, actor });
    console.log(JSON.stringify((await getJson(app, '/v1/mandataires?kind=practitioner')).body.data.map((d: { id: string; name: string }) => [d.id, d.name])));
    const r = await importPractitioners(db, { file: 'tests/fixtures/practitioners/faults/listed-lemoine.csv', actor });
    console.log(JSON.stringify(r));
    console.log(JSON.stringify((await getJson(app, '/v1/mandataires/lemoine-anne-sophie')).body, null, 1));
  });
});
