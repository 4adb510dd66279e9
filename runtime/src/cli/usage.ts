export const USAGE = `durable-ts — durable orchestrations for TypeScript

Usage:
  durable-ts init [folder] [--from TARBALL] [--no-install]
      Create a project in folder (default: here): package.json, tsconfig.json, src/app.ts, .vscode/launch.json;
      then npm install. --from uses a durable-ts .tgz instead of the npm registry.
  durable-ts run <app> <orchestration> [--input JSON] [--instance-id ID] [--store PATH] [--time-skip] [--quiet]
      Run an orchestration to the end, showing history events as they happen; prints the output.
      Exit code 0 when it completed, 1 otherwise. Re-running with the same --instance-id after a crash resumes it.
  durable-ts serve <app> [--port 7071] [--host 127.0.0.1] [--store PATH] [--time-skip]
      Serve the Durable Functions HTTP management API.
  durable-ts status <instanceId> [--show-history] [--store PATH]
  durable-ts history <instanceId> [--store PATH]
  durable-ts list [--status S[,S...]] [--name NAME] [--prefix ID-PREFIX] [--top N] [--store PATH]
  durable-ts raise <instanceId> <eventName> [--data JSON] [--store PATH]
  durable-ts terminate|suspend|resume <instanceId> [--reason TEXT] [--store PATH]
  durable-ts purge <instanceId> [--store PATH]
  durable-ts lint [paths...] [--format text|json|sarif]

<app> is a .ts or .js module (ESM or CommonJS) that registers orchestrations with 'durable-ts'; no build step needed.
The store defaults to .durable/store.db. While 'serve' owns a store, the management commands go through its HTTP API.`;

export class UsageError extends Error {}
