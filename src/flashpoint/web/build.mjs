// Bundle the workbench into static/dist (served by flashpoint.api). No network at run time:
// the API docs (Swagger UI, Redoc) are copied from their npm packages into dist/vendor.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

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

const vendor = {
  "swagger-ui": ["swagger-ui-dist", ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"]],
  redoc: ["redoc/bundles", ["redoc.standalone.js", "redoc.standalone.js.LICENSE.txt"]],
};
for (const [name, [pkg, files]] of Object.entries(vendor)) {
  mkdirSync(`${out}/vendor/${name}`, { recursive: true });
  for (const file of files) copyFileSync(`node_modules/${pkg}/${file}`, `${out}/vendor/${name}/${file}`);
}

// Redoc's sidebar credit loads its logo from cdn.redoc.ly; point it at an empty local image so
// that no page of the workbench reaches outside the machine.
const redoc = `${out}/vendor/redoc/redoc.standalone.js`;
const CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
const source = readFileSync(redoc, "utf8");
if (!source.includes(CDN_LOGO)) console.warn(`redoc no longer references ${CDN_LOGO}: check it for other remote assets`);
writeFileSync(redoc, source.split(CDN_LOGO).join("data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="));
