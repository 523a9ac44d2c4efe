// Runs a built site's own Material search worker in node, as the browser would.
// usage: node search_worker.js <site dir> <queries.json>
//   ->  {"results": {"<query>": ["<location>", ...]}, "warnings": [...]}
// The worker is set up with the site's search_index.json exactly as Material's bundle sends it.
const fs = require("fs");
const path = require("path");
const [site, queriesFile] = process.argv.slice(2);
const dir = path.join(site, "assets", "javascripts", "workers");
const worker = fs.readdirSync(dir).find((f) => /^search\..*\.min\.js$/.test(f));
const warnings = [];
console.warn = (...args) => warnings.push(args.map(String).join(" "));  // "Invalid query" etc.
let handler;
let reply;
global.self = global;
global.addEventListener = (type, fn) => { if (type === "message") handler = fn; };
global.postMessage = (message) => reply(message);
require(path.resolve(dir, worker));
const send = (message) => new Promise((resolve) => { reply = resolve; handler({ data: message }); });
const index = JSON.parse(fs.readFileSync(path.join(site, "search", "search_index.json"), "utf8"));
(async () => {
  const ready = await send({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } });
  if (ready.type !== 1) throw new Error("search worker did not become ready: " + JSON.stringify(ready));
  const out = {};
  for (const query of JSON.parse(fs.readFileSync(queriesFile, "utf8"))) {
    const answer = await send({ type: 2, data: query });
    out[query] = answer.data.items.flat().map((doc) => doc.location);
  }
  process.stdout.write(JSON.stringify({ results: out, warnings }));
})().catch((err) => { console.error(err); process.exit(1); });
