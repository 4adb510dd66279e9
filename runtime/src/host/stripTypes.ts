import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type ts from 'typescript';
import { DurableError } from '../api/errors';
import { cachedErasure } from './erasedCache';

/** A TypeScript file uses syntax that type erasure cannot remove (enum, namespace, parameter properties). */
export class TypeScriptLoadError extends DurableError {}

type BlankSpace = (source: string, onError?: (node: ts.Node) => void) => string;
let blankSpace: BlankSpace | undefined;

/**
 * Erase TypeScript's types, keeping every other character where it was: lines and columns stay exact, so
 * breakpoints and stack traces point at the user's .ts lines with no source maps. ts-blank-space does the erasing
 * with TypeScript's own parser (the lint needs that compiler anyway), and runs on every Node the package supports;
 * it is bundled as CommonJS into the runtime (scripts/bundleTypeEraser.mjs), and loaded with the compiler only when a
 * file is not in the cache of erased sources.
 */
export function stripTypes(source: string, filename: string): string {
  return cachedErasure(source, eraserIdentity(), (typed) => {
    let unsupported: ts.Node | undefined;
    const code = typeEraser()(typed, (node) => {
      unsupported ??= node;
    });
    if (unsupported) throw unsupportedSyntax(typed, unsupported, filename);
    return code;
  });
}

/** Loads the eraser, with its compiler, now: for a process that erases files later and wants that quick. */
export function preloadTypeEraser(): void {
  typeEraser();
}

function typeEraser(): BlankSpace {
  return (blankSpace ??= (createRequire(__filename)(path.join(eraserDir(), 'typeEraser.js')) as { default: BlankSpace }).default);
}

let identity: string | undefined;

/** The versions of the eraser and of the compiler it parses with, which the bundle step wrote beside it. */
function eraserIdentity(): string {
  identity ??= fs.readFileSync(path.join(eraserDir(), 'typeEraser.versions.json'), 'utf8');
  return identity;
}

/** Beside this file once built; the runtime's sources (which the tests run) use the built bundle. */
function eraserDir(): string {
  return fs.existsSync(path.join(__dirname, 'typeEraser.js')) ? __dirname : path.resolve(__dirname, '..', '..', 'dist', 'host');
}

const leadingTrivia = /(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;

function unsupportedSyntax(source: string, node: ts.Node, filename: string): TypeScriptLoadError {
  // ts-blank-space parses without parent links, so the node cannot find its source file: measure in the text,
  // past the whitespace and comments that lead the node.
  leadingTrivia.lastIndex = node.pos;
  const start = node.pos + (leadingTrivia.exec(source)?.[0].length ?? 0);
  const before = source.slice(0, start).split('\n');
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  const text = source.slice(start, node.end).split('\n')[0].slice(0, 60);
  return new TypeScriptLoadError(
    `${filename}:${line}:${column}: \`${text}\` needs code generation, which type erasure cannot do. ` +
      'durable-ts runs TypeScript by erasing types; use a const object instead of an enum, a module instead of a namespace, ' +
      'and assign fields in the constructor body instead of parameter properties (or compile the app to JavaScript first).',
  );
}
