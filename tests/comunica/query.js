// Comunica (an independent SPARQL engine, from npm) querying relgraph serve as a SPARQL endpoint.
//   node query.js ENDPOINT < QUERIES.json     QUERIES: ["SELECT ...", ...]
// prints, for each query, its rows as [{variable: [termType, value]}] (or {"error": message}).
"use strict";
const { QueryEngine } = require("@comunica/query-sparql");

async function run(engine, endpoint, query) {
  const stream = await engine.queryBindings(query, { sources: [{ type: "sparql", value: endpoint }] });
  const rows = await stream.toArray();
  return rows.map((row) => {
    const record = {};
    for (const [variable, term] of row) record[variable.value] = [term.termType, term.value];
    return record;
  });
}

async function main() {
  const endpoint = process.argv[2];
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const engine = new QueryEngine();
  const out = [];
  for (const query of JSON.parse(input)) {
    try {
      out.push(await run(engine, endpoint, query));
    } catch (error) {
      out.push({ error: String(error && error.message ? error.message : error) });
    }
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
