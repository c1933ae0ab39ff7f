// Statements that need the network are answered before DuckDB sees them (issue 13): the built site makes no
// third-party request, so INSTALL, LOAD, ATTACH, extension settings and remote paths (http(s)://, s3://, …) in any
// read_* call or FROM clause get one clear answer instead of a CSP error or a confusing DuckDB message.
// Pure: the tokenizer skips comments and reads string literals and quoted identifiers, so a word inside a string
// ("SELECT 'INSTALL'") is not a statement and a URL inside a comment is not a path.

export const OFFLINE_ANSWER = "This site works offline: load a file you downloaded instead.";

/** Statements (first keywords) that fetch or load code or data from elsewhere. */
const STATEMENTS = new Set(["install", "load", "attach", "force", "update"]);
/** Settings that point DuckDB at another host or let it fetch extensions. */
const SETTINGS = /^(custom_extension_repository|autoinstall_extension_repository|autoinstall_known_extensions|autoload_known_extensions|extension_directory|s3_\w+|http_\w+|azure_\w+|gcs_\w+)$/i;
/** Paths on another host. */
const REMOTE = /^\s*(https?|s3[an]?|gcs?|gs|r2|azure?|abfss?|az|hf|ftps?|wss?|md|motherduck):/i;

interface Token {
  kind: "word" | "string" | "quoted" | "semicolon" | "other";
  text: string;
}

/** Words, string literals, quoted identifiers and semicolons of a SQL text, comments dropped. */
export function tokens(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'" || c === '"') {
      let text = "";
      let j = i + 1;
      for (; j < sql.length; ++j) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) (text += c), ++j;
          else break;
        } else text += sql[j];
      }
      out.push({kind: c === "'" ? "string" : "quoted", text});
      i = j + 1;
    } else if (c === "$" && sql[i + 1] === "$") {
      const end = sql.indexOf("$$", i + 2);
      out.push({kind: "string", text: sql.slice(i + 2, end < 0 ? sql.length : end)});
      i = end < 0 ? sql.length : end + 2;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))!;
      out.push({kind: "word", text: m[0]});
      i += m[0].length;
    } else {
      if (c === ";") out.push({kind: "semicolon", text: c});
      else if (!/\s/.test(c)) out.push({kind: "other", text: c});
      ++i;
    }
  }
  return out;
}

/** Why `sql` needs the network ("INSTALL fetches an extension"), or null when it runs offline. */
export function networkReason(sql: string): string | null {
  const list = tokens(sql);
  let start = true;
  for (let k = 0; k < list.length; ++k) {
    const t = list[k]!;
    if (t.kind === "semicolon") {
      start = true;
      continue;
    }
    if ((t.kind === "string" || t.kind === "quoted") && REMOTE.test(t.text)) return `"${t.text.slice(0, 80)}" is on another host`;
    if (t.kind === "word") {
      const word = t.text.toLowerCase();
      if (start && STATEMENTS.has(word) && !(word === "update" && list[k + 1]?.kind === "word" && list[k + 1]!.text.toLowerCase() !== "extensions")) {
        return `${t.text.toUpperCase()} ${word === "attach" ? "opens a database from elsewhere" : "fetches or loads an extension"}`;
      }
      if (start && (word === "set" || word === "reset")) {
        const name = list.slice(k + 1).find((n) => n.kind === "word" && !/^(global|session|local)$/i.test(n.text));
        if (name && SETTINGS.test(name.text)) return `the setting ${name.text} points DuckDB at another host`;
      }
      if (start && word === "create" && list.slice(k + 1, k + 4).some((n) => n.kind === "word" && /^secret$/i.test(n.text))) return "CREATE SECRET is for remote storage";
      if (word === "httpfs") return "httpfs is DuckDB's network extension";
    }
    start = false;
  }
  return null;
}
