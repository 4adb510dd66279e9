/**
 * The Durable TS debug adapter: DAP over stdin/stdout (so stdout carries nothing else), for VS Code or any DAP client.
 */
import { DebugSession } from '@vscode/debugadapter';
import { DurableDebugSession } from './session/durableDebugSession';

DebugSession.run(DurableDebugSession);
