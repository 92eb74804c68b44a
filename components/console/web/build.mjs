// Builds the console into dist/: the TypeScript app and its stylesheet bundled and minified
// by esbuild under content-hashed names in dist/assets/, and dist/index.html pointing at
// them. Prints every file's size and the gzipped total, and fails past the budget.
// The console component embeds dist/ at compile time (components/console/build.rs).
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";

/** The largest the whole app may be, gzipped. */
const BUDGET_BYTES = 200 * 1024;
const here = new URL(".", import.meta.url).pathname;
const dist = join(here, "dist");

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "assets"), { recursive: true });

const result = await build({
  entryPoints: { app: join(here, "src/main.ts"), style: join(here, "src/styles.css") },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["chrome110", "firefox115", "safari16"],
  outdir: join(dist, "assets"),
  entryNames: "[name]-[hash]",
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
});

const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
const script = outputs.find((f) => f.startsWith("app-") && f.endsWith(".js"));
const style = outputs.find((f) => f.startsWith("style-") && f.endsWith(".css"));
if (!script || !style) throw new Error(`esbuild wrote ${outputs.join(", ")}`);

const page = readFileSync(join(here, "src/index.html"), "utf8")
  .replace("%SCRIPT%", `/app/assets/${script}`)
  .replace("%STYLE%", `/app/assets/${style}`);
writeFileSync(join(dist, "index.html"), page);

let total = 0;
for (const file of ["index.html", `assets/${script}`, `assets/${style}`]) {
  const bytes = readFileSync(join(dist, file));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += gzipped;
  console.log(`console: ${file.padEnd(32)} ${String(bytes.length).padStart(7)} B, ${String(gzipped).padStart(6)} B gzipped`);
}
console.log(`console: bundle ${(total / 1024).toFixed(1)} KiB gzipped (budget ${BUDGET_BYTES / 1024} KiB)`);
if (total > BUDGET_BYTES) {
  console.error("console: the bundle is over its budget");
  process.exit(1);
}
