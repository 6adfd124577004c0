// The cartesian bundle has the same API as plotly.js for the traces it contains.
declare module 'plotly.js-cartesian-dist-min' {
  export * from 'plotly.js';
}
