// The floors under the API's ratios. A bare hop: the same answer sent by a bare Fastify server that does nothing
// else (a child process, as the API is), fetched with the same client; the API cannot answer in less than one such
// hop plus its engine's own time, so (raw + hop) / raw is the lowest ratio any HTTP API could reach. A bare proxy:
// a bare Fastify server that forwards each search to Meilisearch with undici and sends its answer as it came,
// measured against Meilisearch alone request by request: what any Node API in front of the engine costs, the
// client's call and its second process's wake-up included, before it parses, checks or builds anything.
import { type ChildProcess, spawn } from 'node:child_process';
import { client, type Meili, now, percentile, root } from './common.js';

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

const proxyServer = `
const { Pool } = require('undici');
const app = require('fastify')();
const searches = JSON.parse(process.env.FLOOR_SEARCHES);
const headers = JSON.parse(process.env.FLOOR_HEADERS);
const pool = new Pool(process.env.FLOOR_ENGINE, { connections: 16 });
app.get('/:n', async (request, reply) => {
  const search = searches[request.params.n];
  const answer = await pool.request({ method: 'POST', path: search.path, headers, body: search.body });
  reply.code(answer.statusCode).type('application/json; charset=utf-8');
  return answer.body.text();
});
app.listen({ port: 0, host: '127.0.0.1' }).then(() => console.log(app.server.address().port));
`;

/** Starts a child process running `source` and resolves to the port it prints once listening. */
async function listening(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
}

/**
 * p50s in ms of a bare proxy (Fastify and an undici pool, forwarding each of `searches` to Meilisearch and sending its
 * answer unread) and of the same searches sent to Meilisearch directly, interleaved request by request (the order
 * swapped every round), after `warmup` requests to the proxy.
 */
export async function bareProxy(
  meili: Meili,
  searches: { path: string; body: string }[],
  rounds = 200,
  warmup = 2000,
): Promise<{ proxy: number; raw: number }> {
  const headers = {
    'content-type': 'application/json',
    'accept-encoding': 'identity',
    ...(meili.apiKey ? { authorization: `Bearer ${meili.apiKey}` } : {}),
  };
  const child = spawn(process.execPath, ['-e', proxyServer], {
    cwd: root,
    env: {
      ...process.env,
      FLOOR_SEARCHES: JSON.stringify(searches),
      FLOOR_HEADERS: JSON.stringify(headers),
      FLOOR_ENGINE: meili.host,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const proxy = client(`http://127.0.0.1:${await listening(child)}`);
  const engine = client(meili.host, meili.apiKey ? { authorization: `Bearer ${meili.apiKey}` } : {});
  try {
    const viaProxy = async (n: number) => {
      const r = await proxy.get(`/${n}`);
      if (r.status !== 200) throw new Error(`bare proxy: ${r.status} ${r.body.slice(0, 300)}`);
    };
    const direct = async (n: number) => {
      const r = await engine.post(searches[n]!.path, searches[n]!.body);
      if (r.status !== 200) throw new Error(`meilisearch: ${r.status} ${r.body.slice(0, 300)}`);
    };
    for (let i = 0; i < warmup; i++) await viaProxy(i % searches.length);
    const times = { proxy: [] as number[], raw: [] as number[] };
    for (let i = 0; i < rounds * searches.length; i++) {
      const n = i % searches.length;
      for (const side of i % 2 ? (['raw', 'proxy'] as const) : (['proxy', 'raw'] as const)) {
        const t = now();
        await (side === 'proxy' ? viaProxy(n) : direct(n));
        times[side].push(now() - t);
      }
    }
    return { proxy: percentile(times.proxy, 50), raw: percentile(times.raw, 50) };
  } finally {
    await proxy.close();
    await engine.close();
    child.kill();
  }
}

/** The row note giving the floors: the bare hop and the lowest ratio it leaves, and the bare proxy's ratio. */
export function floorNote(hop: number, raw: number, proxy?: { proxy: number; raw: number }): string {
  const hopNote = `floor: a bare Fastify hop answering the same body ${hop.toFixed(2)} ms; (raw + hop) / raw = ${((raw + hop) / raw).toFixed(2)}×`;
  if (!proxy) return hopNote;
  return `${hopNote}; a bare Fastify proxy (undici to Meilisearch, the answer sent unread), interleaved with Meilisearch alone: p50 ${proxy.proxy.toFixed(2)} ms against ${proxy.raw.toFixed(2)} ms, ${(proxy.proxy / proxy.raw).toFixed(2)}×`;
}
