import { quickFix, replaceNode, type ContextSpelling } from '../analysis/edits';
import { globalApi, moduleApi, type ApiPattern, type ApiUse } from './apiPatterns';

/** DUR002: random numbers and fresh identifiers. */

function randomMessage(subject: string, durable: string): string {
  return `${subject} returns a different value on every replay; use ${durable}.newGuid() for identifiers, or get random values from an activity.`;
}

function newGuidExpression(context: ContextSpelling): string {
  // durable-functions derives its deterministic GUID from a name; the instance id is the usual one.
  return context.flavor === 'durable-functions' ? `${context.durable}.newGuid(${context.durable}.instanceId)` : `${context.durable}.newGuid()`;
}

/** Generators of UUID strings can be swapped for the deterministic GUID one for one. */
function replaceWithNewGuid(use: ApiUse, context: ContextSpelling) {
  if (!use.call) return undefined;
  const newText = newGuidExpression(context);
  return quickFix(`Replace with ${newText}`, [replaceNode(use.call, newText)]);
}

const random = (source: ApiPattern['source'], fix?: ApiPattern['fix']): ApiPattern => ({
  code: 'DUR002', source, usage: 'call', describe: randomMessage, fix,
});

export const RANDOMNESS_APIS: readonly ApiPattern[] = [
  globalApi('DUR002', 'Math.random', 'call', randomMessage),
  globalApi('DUR002', 'crypto.randomUUID', 'call', randomMessage, replaceWithNewGuid),
  globalApi('DUR002', 'crypto.getRandomValues', 'call', randomMessage),
  moduleApi('DUR002', 'crypto', 'randomUUID', 'call', randomMessage, replaceWithNewGuid),
  moduleApi('DUR002', 'crypto', 'webcrypto.randomUUID', 'call', randomMessage, replaceWithNewGuid),
  ...['randomBytes', 'randomInt', 'randomFill', 'randomFillSync', 'getRandomValues', 'webcrypto.getRandomValues', 'generateKeyPair', 'generateKeyPairSync', 'generateKey', 'generateKeySync'].map(
    (name) => moduleApi('DUR002', 'crypto', name, 'call', randomMessage),
  ),
  // uuid's v3 and v5 hash a name and are deterministic; the others are time- or random-based.
  ...['v1', 'v4', 'v6', 'v7'].map((name) => moduleApi('DUR002', 'uuid', name, 'call', randomMessage, replaceWithNewGuid)),
  random({ module: 'uuidv4', path: [] }, replaceWithNewGuid),
  random({ module: 'nanoid', path: [] }),
  random({ module: 'cuid', path: [] }),
  random({ module: '@paralleldrive/cuid2', path: [] }),
  random({ module: 'ulid', path: [] }),
  random({ module: 'short-uuid', path: [] }),
];
