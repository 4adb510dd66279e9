/**
 * A real, throwaway PostgreSQL server for the tests and benchmarks: Debian's `postgresql` package (installed when missing), a
 * cluster made in a temporary folder on first use, one fresh database per call of `freshDatabase`, and everything
 * stopped and removed when the test process exits. The server refuses to run as root, so as root it runs as the
 * `postgres` user the package creates.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';

interface Cluster {
  dir: string;
  port: number;
  bin: string;
}

let cluster: Promise<Cluster> | undefined;
let databases = 0;

/** A URL of a new, empty database on the test cluster (started on first use). */
export async function freshDatabase(): Promise<string> {
  const { port } = await (cluster ??= startCluster());
  const name = `durable_test_${process.pid}_${++databases}`;
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `postgres://postgres@127.0.0.1:${port}/${name}`;
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const find = () => (fs.existsSync(root) ? fs.readdirSync(root).map((version) => path.join(root, version, 'bin')).find((bin) => fs.existsSync(path.join(bin, 'initdb'))) : undefined);
  let bin = find();
  if (!bin) {
    // A fresh machine: Debian's server package (it starts nothing by itself).
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', 'postgresql'], { stdio: 'inherit', env });
    bin = find();
  }
  if (!bin) throw new Error('PostgreSQL is not installed and could not be installed (apt-get install -y postgresql).');
  return bin;
}

async function startCluster(): Promise<Cluster> {
  const bin = postgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : path.join(bin, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  };
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions']);
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start']);
  process.once('exit', () => {
    // Synchronous: the process is ending. Fast first, then immediate if fast does not do it.
    const stop = (mode: string) => spawnSync(asRoot ? 'runuser' : path.join(bin, 'pg_ctl'), [...(asRoot ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl')] : []), '-D', data, '-m', mode, '-w', '-t', '10', 'stop']);
    if (stop('fast').status !== 0) stop('immediate');
    fs.rmSync(dir, { recursive: true, force: true });
  });
  // Interrupted (Ctrl-C, a benchmark stopped): exit through the handler above rather than leave the server running.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  return { dir, port, bin };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
