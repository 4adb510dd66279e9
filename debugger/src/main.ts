/**
 * The Durable TS debug adapter: DAP over stdin/stdout (so stdout carries nothing else), for VS Code or any DAP client.
 */
import { DurableDebugSession } from './session/durableDebugSession';

const session = new DurableDebugSession();
process.on('SIGTERM', () => session.shutdown());
session.start(process.stdin, process.stdout);
