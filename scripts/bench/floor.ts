// The floor under the API's ratios: the same answer sent by a bare Fastify server that does nothing else
// (a child process, as the API is), fetched with the same client. The API cannot answer in less than one
// such hop plus its engine's own time, so (raw + hop) / raw is the lowest ratio any HTTP API could reach.
import { spawn } from 'node:child_process';
import { client, now, percentile, root } from './common.js';

const server = `
const app = require('fastify')();
const body = process.env.FLOOR_BODY;
app.get('/*', (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
app.listen({ port: 0, host: '127.0.0.1' }).then(() => console.log(app.server.address().port));
`;

/** p50 in ms of `rounds` GETs of a bare Fastify answering `body` (a string, sent as is). */
export async function bareHop(body: string, rounds = 500): Promise<number> {
  const child = spawn(process.execPath, ['-e', server], {
    cwd: root,
    env: { ...process.env, FLOOR_BODY: body },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim()));
      child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
    });
    const http = client(`http://127.0.0.1:${port}`);
    const times: number[] = [];
    for (let i = 0; i < rounds + 50; i++) {
      const t = now();
      const r = await http.get('/floor');
      if (r.status !== 200) throw new Error(`bare server: ${r.status}`);
      if (i >= 50) times.push(now() - t);
    }
    await http.close();
    return percentile(times, 50);
  } finally {
    child.kill();
  }
}

/** The row note giving the floor: the bare hop and the lowest ratio it leaves. */
export function floorNote(hop: number, raw: number): string {
  return `floor: a bare Fastify hop answering the same body ${hop.toFixed(2)} ms; (raw + hop) / raw = ${((raw + hop) / raw).toFixed(2)}×`;
}
