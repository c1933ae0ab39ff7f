// Observable Framework configuration: https://observablehq.com/framework/config
// Offline by construction: no Google Fonts, no DuckDB extensions, npm modules from node_modules
// (scripts/offline-cache.ts); see docs/architecture.md.
export default {
  title: "Incident Atlas",
  root: "src",
  pages: [
    {
      name: "WannaCry, May 2017",
      open: true,
      pages: [
        {name: "Countries", path: "/countries"},
        {name: "Sectors", path: "/sectors"},
        {name: "Timeline", path: "/timeline"},
        {name: "Case study: the NHS", path: "/nhs"},
        {name: "Why it spread", path: "/why"},
        {name: "Methodology and sources", path: "/methodology"}
      ]
    },
    {
      name: "For analysts",
      pages: [
        {name: "Explore (SQL)", path: "/explore"},
        {name: "Data and downloads", path: "/data"},
        {name: "Proof of the offline chain", path: "/proof"}
      ]
    }
  ],
  // Our own stylesheet (themes + self-hosted font) replaces the default Google Fonts link.
  style: "style.css",
  globalStylesheets: [],
  // No DuckDB extension is downloaded: Arrow and CSV need none.
  duckdb: {extensions: {json: null, parquet: null}},
  head: '<link rel="icon" href="data:,">',
  footer: "Incident Atlas · open data, open code · built offline",
  search: false,
  preserveExtension: false,
  preserveIndex: false
};
