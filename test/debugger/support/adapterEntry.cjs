// Starts the debug adapter from its TypeScript sources, as a DAP client would start the bundled one.
require('tsx/cjs');
require('../../../debugger/src/main.ts');
