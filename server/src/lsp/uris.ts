import { fileURLToPath, pathToFileURL } from 'node:url';
import { normalizePath } from '../analyzer/project/sourceFiles';

/** Only file: URIs name files the analyzer can read; others (untitled:, git:) are left alone. */
export function pathOfUri(uri: string): string | undefined {
  return uri.startsWith('file:') ? normalizePath(fileURLToPath(uri)) : undefined;
}

export function uriOfPath(fileName: string): string {
  return pathToFileURL(fileName).href;
}
