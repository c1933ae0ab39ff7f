// Observable Framework configuration: https://observablehq.com/framework/config
export default {
  title: "Incident Atlas",
  root: "src",
  pages: [{name: "Proof of the offline chain", path: "/proof"}],
  // Our own stylesheet (theme + self-hosted fonts) replaces the default Google Fonts link.
  style: "style.css",
  globalStylesheets: [],
  // No DuckDB extension is downloaded: Arrow and CSV need none.
  duckdb: {extensions: {json: null, parquet: null}},
  head: '<link rel="icon" href="data:,">',
  footer: "Incident Atlas · open data, open code · built offline",
  search: false,
  cleanUrls: true
};
