// css-tree's subpath entries (its package exports them) with the types @types/css-tree gives the
// whole package: the tokenizer and the escape helpers load without the lexer and its syntax
// data, which Octavo never uses (docs/benchmarks.md, "The start").
declare module 'css-tree/tokenizer' {
  export { tokenize, tokenTypes } from 'css-tree';
}
declare module 'css-tree/utils' {
  export { ident, string, url } from 'css-tree';
}
