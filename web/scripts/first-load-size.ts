/**
 * How much JavaScript the first load of the web app transfers: the entry script of dist/index.html,
 * the chunks it preloads and everything they import statically, gzip-compressed (level 9, as
 * served from the precompressed .gz files). Lazy chunks (admin, portal, editor) are not counted.
 *
 *   npm run build -w web && npx node web/scripts/first-load-size.ts   (Node 24: the pinned one)
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = path.resolve(import.meta.dirname, '../dist');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const roots = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]!.slice(1));

const seen = new Set<string>();
const queue = [...roots];
while (queue.length > 0) {
  const file = queue.shift()!;
  if (seen.has(file)) continue;
  seen.add(file);
  const code = fs.readFileSync(path.join(dist, file), 'utf8');
  // Static imports only: `import … from "./x.js"` and `import "./x.js"`, never `import("./x.js")`.
  for (const match of code.matchAll(
    /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+\.js)["']/g,
  )) {
    queue.push(path.posix.join(path.posix.dirname(file), match[1]!));
  }
}

let raw = 0;
let gzip = 0;
const rows: [string, number, number][] = [];
for (const file of seen) {
  const content = fs.readFileSync(path.join(dist, file));
  const compressed = zlib.gzipSync(content, { level: 9 }).length;
  raw += content.length;
  gzip += compressed;
  rows.push([file, content.length, compressed]);
}
rows.sort((a, b) => b[2] - a[2]);
for (const [file, size, compressed] of rows) {
  console.log(
    `${(compressed / 1024).toFixed(1).padStart(8)} KB gzip  ${(size / 1024).toFixed(1).padStart(8)} KB  ${file}`,
  );
}
const limit = 500 * 1024;
console.log(
  `First load: ${seen.size} scripts, ${(raw / 1024).toFixed(1)} KB raw, ${(gzip / 1024).toFixed(1)} KB gzip (limit 500 KB)`,
);
if (gzip > limit) process.exitCode = 1;
