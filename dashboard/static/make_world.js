// Regenerates world-110m.geojson from the npm packages world-atlas@2.0.2 (Natural Earth 1:110m country
// outlines, public domain data, ISC package) and topojson-client@3.1.0 (ISC), coordinates rounded to 0.01°:
//   npm pack world-atlas@2.0.2 topojson-client@3.1.0, unpack each into world-atlas/ and topojson-client/, then
//   node make_world.js > world-110m.geojson
const tc = require('./topojson-client/package/dist/topojson-client.js');
const topo = require('./world-atlas/package/countries-110m.json');
const fc = tc.feature(topo, topo.objects.countries);
const r = x => Math.round(x * 100) / 100;
function walk(c) { return typeof c[0] === 'number' ? [r(c[0]), r(c[1])] : c.map(walk); }
const out = {type: 'FeatureCollection', features: fc.features.map(f => ({type: 'Feature', properties: {name: f.properties.name},
  geometry: {type: f.geometry.type, coordinates: walk(f.geometry.coordinates)}}))};
process.stdout.write(JSON.stringify(out));
