// The cartesian bundle has the same API as plotly.js for the traces it contains.
declare module 'plotly.js-cartesian-dist-min' {
  export * from 'plotly.js';
}

// The full bundle, loaded on demand for the traces the cartesian one lacks (parcoords).
declare module 'plotly.js-dist-min' {
  export * from 'plotly.js';
}
