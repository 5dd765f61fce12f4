// Times satellite.js (plain JS sgp4, one thread) on the exported satellites
// and checks it agrees with the sgp4 crate's positions. Prints one JSON line.
//
//     node satellite_js.mjs DIR
import { readFileSync } from 'node:fs';
import { json2satrec, sgp4 } from 'satellite.js';

const folder = process.argv[2];
const fields = JSON.parse(readFileSync(`${folder}/satellites.json`, 'utf8'));
const reference = readFileSync(`${folder}/reference.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
const minutes = reference[0][0];
const sats = fields.map((f) => json2satrec(f, 'i'));

let best = Infinity;
let positions = [];
for (let run = 0; run < 5; run++) {
  const start = process.hrtime.bigint();
  positions = sats.map((s) => sgp4(s, minutes));
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
}
let diff = 0;
let errors = 0;
positions.forEach((p, i) => {
  if (!p || !p.position) { errors++; return; }
  const r = reference[i];
  diff = Math.max(diff, Math.abs(p.position.x - r[1]), Math.abs(p.position.y - r[2]), Math.abs(p.position.z - r[3]));
});
const version = JSON.parse(readFileSync(new URL('./node_modules/satellite.js/package.json', import.meta.url), 'utf8')).version;
console.log(JSON.stringify({
  propagator: 'satellite.js (JS)',
  version,
  satellites: sats.length,
  ns_per_propagation: (best * 1e9) / sats.length,
  errors,
  max_diff_km: diff,
}));
