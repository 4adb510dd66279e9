/**
 * Entry of the determinism language server. The transport comes from the command line, as LSP clients pass it:
 * `--stdio`, `--node-ipc` or `--socket=<port>`. The server itself is a module of its own, loaded once the compile
 * cache is on: compiling it (the TypeScript compiler is most of it) was most of a new window's wait for its first
 * diagnostic.
 */
import { enableCompileCache } from './compileCache';

enableCompileCache();
require('./serverProcess');
