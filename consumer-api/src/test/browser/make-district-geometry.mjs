// Draws the schematic shapes of Lạng Sơn's 11 district-level units as GeoJSON (lon, lat), the
// geometry of the langson-2021 data set, which the command-center page projects and draws:
//
//   node make-district-geometry.mjs > ../../../../core/src/main/resources/vn/pulse/core/geography/langson-2021/geometry.geojson
//
// Not a survey map: a hand-traced, simplified province outline is split into one cell per
// district around an approximate centre (a power diagram: each point goes to the centre with the
// smallest squared distance minus the centre's weight, so a larger weight gives a larger cell).
// The result keeps each unit's place, neighbours and rough size, which is what a wall screen
// needs; docs/geography.md says how to change it. Coordinates are degrees (lon, lat).

const OUTLINE = [
  [106.16, 22.30], [106.30, 22.40], [106.45, 22.46], [106.60, 22.45], [106.73, 22.37], [106.70, 22.24],
  [106.78, 22.12], [106.86, 22.03], [106.96, 21.97], [107.02, 21.86], [107.07, 21.76], [107.20, 21.70],
  [107.33, 21.66], [107.38, 21.57], [107.30, 21.46], [107.13, 21.40], [106.95, 21.47], [106.78, 21.47],
  [106.62, 21.40], [106.47, 21.33], [106.30, 21.32], [106.19, 21.40], [106.16, 21.56], [106.06, 21.70],
  [106.06, 21.86], [106.12, 22.02], [106.09, 22.16],
];

// code, short label (the page shows the official name from the API in tooltips), centre, weight.
const DISTRICTS = [
  ['178', 'TP Lạng Sơn', [106.77, 21.85], -0.0045],
  ['180', 'Tràng Định', [106.47, 22.30], 0.0160],
  ['181', 'Bình Gia', [106.30, 22.06], 0.0100],
  ['182', 'Văn Lãng', [106.66, 22.08], 0.0040],
  ['183', 'Cao Lộc', [106.87, 21.93], 0.0035],
  ['184', 'Văn Quan', [106.52, 21.88], 0.0030],
  ['185', 'Bắc Sơn', [106.22, 21.83], 0.0060],
  ['186', 'Hữu Lũng', [106.35, 21.48], 0.0100],
  ['187', 'Chi Lăng', [106.60, 21.64], 0.0030],
  ['188', 'Lộc Bình', [106.93, 21.67], 0.0060],
  ['189', 'Đình Lập', [107.20, 21.54], 0.0070],
];

const KX = Math.cos((21.9 * Math.PI) / 180);

// Keeps the part of a polygon where a·p <= b (Sutherland–Hodgman against one half-plane).
function clip(polygon, a, b) {
  const inside = (p) => a[0] * p[0] + a[1] * p[1] <= b + 1e-12;
  const cross = (p, q) => {
    const t = (b - a[0] * p[0] - a[1] * p[1]) / (a[0] * (q[0] - p[0]) + a[1] * (q[1] - p[1]));
    return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
  };
  const out = [];
  polygon.forEach((p, i) => {
    const q = polygon[(i + 1) % polygon.length];
    if (inside(p)) {
      out.push(p);
      if (!inside(q)) out.push(cross(p, q));
    } else if (inside(q)) {
      out.push(cross(p, q));
    }
  });
  return out;
}

// The cell of district i: points x with |x - ci|² - wi <= |x - cj|² - wj for every j,
// that is 2 x·(cj - ci) <= |cj|² - |ci|² - wj + wi (in degrees, x scaled by KX).
function cell(i) {
  const scaled = ([lon, lat]) => [lon * KX, lat];
  let polygon = OUTLINE.map(scaled);
  const [, , ci, wi] = DISTRICTS[i];
  const pi = scaled(ci);
  DISTRICTS.forEach(([, , cj, wj], j) => {
    if (j === i) return;
    const pj = scaled(cj);
    const a = [2 * (pj[0] - pi[0]), 2 * (pj[1] - pi[1])];
    const b = pj[0] ** 2 + pj[1] ** 2 - pi[0] ** 2 - pi[1] ** 2 - wj + wi;
    polygon = clip(polygon, a, b);
  });
  return polygon.map(([x, lat]) => [x / KX, lat]);
}

const round = (value) => Math.round(value * 10_000) / 10_000;
const features = DISTRICTS.map(([code, label], i) => {
  const ring = cell(i).map(([lon, lat]) => [round(lon), round(lat)]);
  // RFC 7946: an exterior ring runs counterclockwise (positive signed area in lon, lat).
  const area = ring.reduce((sum, [x, y], k) => {
    const [nx, ny] = ring[(k + 1) % ring.length];
    return sum + x * ny - nx * y;
  }, 0);
  if (area < 0) ring.reverse();
  ring.push(ring[0]);
  return { type: 'Feature', properties: { code, label, schematic: true }, geometry: { type: 'Polygon', coordinates: [ring] } };
});
const collection = { type: 'FeatureCollection', name: 'Lạng Sơn 2021, schematic district shapes', features };
console.log(JSON.stringify(collection).replace(/\{"type":"Feature"/g, '\n{"type":"Feature"'));
