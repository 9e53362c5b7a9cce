// Re-exports for the tests: the first-load list from the size report and the CSP from the server.
export { FIRST_LOAD } from '../../tools/size.mjs';
export { CSP } from '../../tools/serve.mjs';
