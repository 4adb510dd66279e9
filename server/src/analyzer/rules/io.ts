import { globalApi, type ApiPattern } from './apiPatterns';

/** DUR004: input and output, which must happen in activities. */

function ioMessage(subject: string, durable: string): string {
  return `${subject} does I/O, which runs again on every replay and may return something else; move it into an activity and call it with ${durable}.callActivity.`;
}

const IO_MODULES = [
  'fs', 'fs/promises', 'http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'dns/promises', 'child_process',
  'cluster', 'worker_threads', 'readline', 'readline/promises', 'inspector',
  // HTTP clients
  'axios', 'node-fetch', 'got', 'undici', 'superagent', 'request', 'ky', 'cross-fetch', 'isomorphic-fetch', 'needle',
  // databases and queues
  'pg', 'mysql', 'mysql2', 'mysql2/promise', 'mongodb', 'mongoose', 'redis', 'ioredis', 'sqlite3', 'better-sqlite3', 'sql.js',
  'knex', 'sequelize', 'typeorm', '@prisma/client', 'drizzle-orm', 'tedious', 'mssql', 'oracledb', 'cassandra-driver',
  'amqplib', 'kafkajs', 'nodemailer', 'firebase-admin',
  '@azure/storage-blob', '@azure/storage-queue', '@azure/storage-file-share', '@azure/data-tables', '@azure/cosmos',
  '@azure/service-bus', '@azure/event-hubs', '@azure/keyvault-secrets', '@azure/identity',
  // every package in these scopes is a cloud service client
  '@aws-sdk/', '@google-cloud/',
];

export const IO_APIS: readonly ApiPattern[] = [
  ...['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'].map((name) => globalApi('DUR004', name, 'call', ioMessage)),
  ...IO_MODULES.map((module): ApiPattern => ({ code: 'DUR004', source: { module, path: [] }, usage: 'call', describe: ioMessage })),
];
