import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './paths';

/**
 * The real-code corpus: public Durable Functions apps listed (with origin and licence) in
 * test/server/corpus/manifest.json, whose files live under `<CORPUS_ROOT>/apps/<app>/`, outside the repository.
 */
export interface CorpusManifest {
  apps: { name: string; repository: string; commit: string; path: string; licence: string; files: string[] }[];
  /** Every real replay hazard, judged by hand. */
  expectations: CorpusFinding[];
}

export interface CorpusFinding {
  /** `<app>/<file>` */
  file: string;
  line: number;
  code: string;
}

export const CORPUS_MANIFEST: CorpusManifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'server', 'corpus', 'manifest.json'), 'utf8'));
export const CORPUS_ROOT = process.env.DURABLE_TS_LINT_CORPUS ?? path.join(os.homedir(), '.cache', 'durable-ts', 'lint-corpus');

/** Why the corpus cannot be used here (not fetched, or incomplete), or undefined when it can. */
export function corpusProblem(): string | undefined {
  const files = CORPUS_MANIFEST.apps.flatMap((app) => app.files.map((file) => path.join(CORPUS_ROOT, 'apps', app.name, file)));
  const missing = files.filter((file) => !fs.existsSync(file));
  const howToGet = 'run `npm run corpus:fetch` to fetch it from its origins (local git clones with --mirrors DIR, else GitHub)';
  if (missing.length === files.length) return `no corpus at ${CORPUS_ROOT}: ${howToGet}`;
  return missing.length > 0 ? `${missing.length} corpus files are missing, e.g. ${missing[0]}: ${howToGet}` : undefined;
}

export interface CorpusScore {
  findings: number;
  precision: number;
  recall: number;
  wrong: string[];
  missed: string[];
}

/** Findings (files relative to the corpus's apps folder or to its root) scored against the expectations. */
export function scoreOnCorpus(findings: readonly CorpusFinding[]): CorpusScore {
  const key = (finding: CorpusFinding) => `${finding.file.replace(/^(.*\/)?apps\//, '')}:${finding.line}:${finding.code}`;
  const found = new Set(findings.map(key));
  const expected = new Set(CORPUS_MANIFEST.expectations.map(key));
  const hits = [...found].filter((finding) => expected.has(finding)).length;
  return {
    findings: found.size,
    precision: hits / Math.max(found.size, 1),
    recall: hits / Math.max(expected.size, 1),
    wrong: [...found].filter((finding) => !expected.has(finding)),
    missed: [...expected].filter((finding) => !found.has(finding)),
  };
}
