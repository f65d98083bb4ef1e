// Import directions between the folders of src/, checked by `npm run lint`.
// From the bottom up: geo, db, domain → citations, history, keys → writes →
// listing → search → http, import, plugins → modules → pages → kind.ts, kinds.ts →
// app.ts, server.ts, cli/, seed/. Each folder's README says what it may import.
const machinery = '^src/(citations|history|keys|writes|listing|search|http|import|plugins)/';
const entryPoints = '^src/(cli|seed)/|^src/(app|kinds|server|runtime)[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules that import each other, directly or not (types aside).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'base-imports-no-machinery',
      comment: 'geo/, db/ and domain/ are the bottom: they import nothing above them.',
      severity: 'error',
      from: { path: '^src/(geo|db|domain)/' },
      to: { path: `${machinery}|^src/modules/|${entryPoints}|^src/kind[.]ts$` },
    },
    {
      name: 'machinery-below-modules',
      comment: 'Machinery folders never import a kind module or the registry: they are handed the kinds.',
      severity: 'error',
      from: { path: machinery },
      to: { path: `^src/modules/|${entryPoints}|^src/kind[.]ts$` },
    },
    {
      name: 'citations-history-keys-below-writes',
      severity: 'error',
      from: { path: '^src/(citations|history|keys)/' },
      to: { path: '^src/(writes|listing|search|http|import|plugins)/' },
    },
    {
      name: 'writes-below-listing-search-http',
      severity: 'error',
      from: { path: '^src/writes/' },
      to: { path: '^src/(listing|search|http|import|plugins)/' },
    },
    {
      name: 'listing-below-search',
      comment: 'Search applies the filters that listing/ declares; listing/ never reads search/.',
      severity: 'error',
      from: { path: '^src/listing/' },
      to: { path: '^src/search/' },
    },
    {
      name: 'listing-search-below-http',
      severity: 'error',
      from: { path: '^src/(listing|search)/' },
      to: { path: '^src/(http|import|plugins)/' },
    },
    {
      name: 'pages-not-registry',
      comment: 'The web page reads the kinds from app.kinds, never from the registry; only app.ts registers it.',
      severity: 'error',
      from: { path: '^src/pages/' },
      to: { path: entryPoints },
    },
    {
      name: 'only-app-imports-pages',
      comment: 'Nothing below the web page reads it: the API never depends on its HTML.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/pages/|^src/app[.]ts$' },
      to: { path: '^src/pages/' },
    },
    {
      name: 'open-data-only-from-entry-points',
      comment: 'The open-data importers sit above the modules: only the CLIs and scripts use them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(cli|open-data)/' },
      to: { path: '^src/open-data/' },
    },
    {
      name: 'modules-not-registry',
      comment: 'Modules read the kinds from app.kinds, never from the registry that lists them.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: entryPoints },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
