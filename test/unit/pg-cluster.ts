// A throwaway PostgreSQL cluster for tests: initdb into a temporary folder, started on a Unix socket in that folder
// only (no TCP port, so it never clashes with anything), stopped and removed afterwards. Needs Debian's postgresql
// package (.ci/run installs it). As root the server runs as the `postgres` user (PostgreSQL refuses to run as root).
import {execFileSync} from "node:child_process";
import {chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync} from "node:fs";
import {join} from "node:path";

export interface Cluster {
  /** The socket folder (host=… in a connection string). */
  socket: string;
  /** A connection string for a database of the cluster (no password: the cluster trusts local connections). */
  url: (database: string) => string;
  psql: (database: string, sql: string) => string;
  stop: () => void;
}

const USER = "atlas";

/** The PostgreSQL server binaries: $ATLAS_PG_BIN, else Debian's newest /usr/lib/postgresql/<version>/bin. */
export function pgBin(): string {
  if (process.env.ATLAS_PG_BIN !== undefined) return process.env.ATLAS_PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions[0] === undefined) throw new Error("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql (.ci/run does)");
  return join(root, versions[0], "bin");
}

export function startCluster(): Cluster {
  const bin = pgBin();
  const dir = mkdtempSync("/tmp/atlas-pg-");
  const root = process.getuid?.() === 0;
  const as = (cmd: string, args: string[]): string => {
    const [file, argv] = root ? ["runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]] : [join(bin, cmd), args];
    return execFileSync(file, argv, {encoding: "utf-8", stdio: ["ignore", "pipe", "pipe"]});
  };
  if (root) {
    const {uid, gid} = {uid: Number(execFileSync("id", ["-u", "postgres"], {encoding: "utf-8"})), gid: Number(execFileSync("id", ["-g", "postgres"], {encoding: "utf-8"}))};
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, "data");
  as("initdb", ["-D", data, "-A", "trust", "-U", USER, "-E", "UTF8", "--locale=C", "--no-sync"]);
  as("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-o", `-k ${dir} -c listen_addresses= -F`, "start"]);
  // The socket folder must be reachable by the client (root, or this user).
  chmodSync(dir, 0o755);
  const psql = (database: string, sql: string): string =>
    execFileSync(join(bin, "psql"), ["-h", dir, "-U", USER, "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-At", "-c", sql], {encoding: "utf-8"});
  return {
    socket: dir,
    url: (database) => `postgresql://${USER}@localhost/${database}?host=${dir}`,
    psql,
    stop: () => {
      try { as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]); } finally { rmSync(dir, {recursive: true, force: true}); }
    }
  };
}
