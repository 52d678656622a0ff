/** Leaflet's own ES module build (tree-shakable, no CommonJS interop); its types are @types/leaflet's. */
declare module 'leaflet/dist/leaflet-src.esm.js' {
  export * from 'leaflet';
}
