import { it } from 'vitest';
import { testApp } from '../setup/app.js';
it('dump', async () => {
  const { app } = await testApp();
  for (const k of ['sites', 'operators', 'clubs', 'mandataires', 'proceedings']) {
    const r = await app.inject({ method: 'GET', url: `/v1/${k}/export?format=csv` });
    console.log(k, r.body.split('\r\n').slice(0, 3).join('\n'));
    const j = await app.inject({ method: 'GET', url: `/v1/${k}/export?format=jsonl` });
    console.log(j.body.split('\n')[0]);
  }
});
