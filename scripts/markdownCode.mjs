// The TypeScript code blocks of a markdown file, for the checks that keep documentation true: the docs type-check
// (scripts/typecheckDocs.mjs) and the outside-the-repository install test run them.
//
// A block is named by an HTML comment on the line before its fence, `<!-- file: app.ts -->`, which renders as
// nothing: named blocks of one document are files of one project and may import each other. A block preceded by
// `<!-- not-checked -->` shows code that is not meant to compile (a fragment, or a mistake the text explains).
const fence = /^```(\w*)\s*$/;
const marker = /^<!--\s*(file:\s*(\S+)|not-checked)\s*-->\s*$/;

/** @returns {{ language: string, code: string, file?: string, checked: boolean, line: number }[]} */
export function codeBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = fence.exec(lines[index]);
    if (!opening || !opening[1]) continue;
    const end = lines.findIndex((line, at) => at > index && /^```\s*$/.test(line));
    if (end < 0) throw new Error(`the code block at line ${index + 1} is never closed`);
    const before = marker.exec(lines[index - 1] ?? '');
    blocks.push({
      language: opening[1],
      code: lines.slice(index + 1, end).join('\n') + '\n',
      file: before?.[2],
      checked: before?.[1] !== 'not-checked',
      line: index + 2,
    });
    index = end;
  }
  return blocks;
}

/** The TypeScript block named `file` in `markdown`; throws when the document no longer has it. */
export function namedBlock(markdown, file) {
  const block = codeBlocks(markdown).find((candidate) => candidate.file === file);
  if (!block) throw new Error(`no code block is marked <!-- file: ${file} -->`);
  return block.code;
}
