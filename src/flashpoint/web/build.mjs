// Bundle the workbench into static/dist (served by flashpoint.api). No network at run time.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";

const out = "static/dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: "src/main.js" },
  bundle: true,
  minify: true,
  sourcemap: true,
  target: ["es2020"],
  outdir: out,
  loader: { ".png": "file", ".svg": "file" },
  assetNames: "assets/[name]-[hash]",
  logLevel: "info",
});
copyFileSync("index.html", `${out}/index.html`);
