export const USAGE = `durable-ts — durable orchestrations for TypeScript

Usage:
  durable-ts init [folder] [--from TARBALL] [--no-install]
      Create a project in folder (default: here): package.json, tsconfig.json, src/app.ts, .vscode/launch.json;
      then npm install. --from uses a durable-ts .tgz instead of the npm registry.
  durable-ts run <app> <orchestration> [--input JSON] [--instance-id ID] [--store PATH] [--time-skip] [--quiet]
      Run an orchestration to the end, showing history events as they happen; prints the output.
      Exit code 0 when it completed, 1 otherwise. Re-running with the same --instance-id after a crash resumes it
      (a finished one: prints its recorded outcome, runs nothing again).
  durable-ts serve <app> [--port 7071] [--host 127.0.0.1] [--store PATH] [--time-skip]
                   [--key KEY | --no-auth] [--allow-host NAME]... [--allow-origin ORIGIN]... [--debug] [--debug-port N]
      Serve the Durable Functions HTTP management API. A --host other than loopback needs --key (or the
      DURABLE_TS_KEY environment variable; requests then carry it as x-functions-key or code=) or --no-auth.
      Web pages of other origins and Host names other than this server's are refused unless allowed.
      --debug (or --debug-port N, 0 for a free port) lets the Durable TS debugger attach on 127.0.0.1 (default
      port 9329): breakpoints hit in the turns and activities it runs; every turn then replays, with no turn deadline.
  durable-ts worker <app> --store postgres://USER[:PASSWORD]@HOST:PORT/DATABASE [--lease-ms 30000] [--quiet]
      Run turns and activities from a PostgreSQL store with no HTTP API. Any number of worker and serve processes
      share one database: each takes leased work; a process that dies leaves its work to the others after --lease-ms.
      No --time-skip: it moves one process's clock, so only a lone 'run' or 'serve' on the store skips time.
  run, serve and worker also take [--shutdown-timeout-ms 10000]: on SIGINT/SIGTERM they wait this long for running work,
      then abandon it (it runs again on the next start); a second signal exits at once. And [--crash-limit 10]:
      work that was running each of the last N times the host died (out of memory, killed) fails instead of rerunning.
      And [--turn-deadline-ms 2000]: orchestrator code that runs this long without yielding is stopped, its instance failed.
      And [--default-version V]: the version instances and sub-orchestrations started without one record (ctx.version).
  durable-ts status <instanceId> [--show-history] [--store PATH]
  durable-ts history <instanceId> [--format text|json] [--store PATH]
  durable-ts list [--status S[,S...]] [--name NAME] [--prefix ID-PREFIX] [--top N] [--store PATH]
  durable-ts raise <instanceId> <eventName> [--data JSON] [--store PATH]
  durable-ts terminate|suspend|resume <instanceId> [--reason TEXT] [--store PATH]
  durable-ts rewind <instanceId> [--reason TEXT] [--store PATH]
      A Failed instance runs its failed activities and sub-orchestrations again and goes on from there.
  durable-ts restart <instanceId> [--same-id] [--store PATH]
      Start the instance's orchestration again with its input, under a new id (printed), or its own once finished.
  durable-ts purge <instanceId> [--store PATH]
  durable-ts entity signal <@name@key> <operation> [--input JSON] [--store PATH]
  durable-ts entity get <@name@key> [--store PATH]
  durable-ts entity list [--name NAME] [--key-prefix P] [--state] [--include-deleted] [--top N] [--store PATH]
  durable-ts entity clean [--store PATH]
      Entities: queue an operation; print the state; list them; remove deleted ones and release locks of ended orchestrations.
  durable-ts repair [--store PATH]
      Open a store whose journal is damaged by dropping the damaged part (say so only after reading what is lost).
  durable-ts check <app> [--store PATH] [--format text|json] [--turn-deadline-ms 2000]
      Before you deploy: replay every unfinished instance's history against the app's code, running nothing. Says per
      instance compatible, or where it diverges (the recorded call, the new call and its file:line). Exit code 0 when
      all are compatible, 1 when any diverges. Works on the store of a running 'serve' too. Code that runs longer than
      --turn-deadline-ms without yielding is stopped and reported at its line.
  durable-ts replay <app> --history FILE [--format text|json] [--turn-deadline-ms 2000]
      The same for one exported history (durable-ts history <id> --format json > FILE): exit code 0 clean, 1 divergent.
  durable-ts check-service
      The editor's check on save, kept running: answers check requests over the IPC channel of the process that starts it.
  durable-ts lint [paths...] [--format text|json|sarif]

<app> is a .ts or .js module (ESM or CommonJS) that registers orchestrations with 'durable-ts'; no build step needed.
The store defaults to .durable/store.db; --store names its file or its directory (.durable), or a PostgreSQL
database (postgres://…, created and migrated on first use) that any number of processes share. While 'serve' (or a
debug session) owns a store, the management commands go through its HTTP API
(with the key in DURABLE_TS_KEY, if it requires one).`;

export class UsageError extends Error {}
