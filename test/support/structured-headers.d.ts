/**
 * structured-headers publishes its CommonJS types only through `exports`, which this project's
 * `node10` module resolution (module: commonjs) does not read; this points TypeScript at them.
 */
declare module 'structured-headers' {
  export * from 'structured-headers/cjs/index.cjs';
}
