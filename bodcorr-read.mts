import { readNotices } from './src/open-data/bodacc/read-file.ts';
for (const f of process.argv.slice(2)) {
  for await (const r of readNotices(f)) if (r.kind === 'rejected') console.log(f.split('/').pop(), r.line, JSON.stringify(r.errors));
}
