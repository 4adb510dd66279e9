import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, RULE_CODES } from '../../server/src/analyzer/index';

const manifestText = fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8');
const manifest = JSON.parse(manifestText);

describe('the extension manifest', () => {
  it('lists exactly the catalog\'s rules in the durableTs.lint.severity setting, described by their titles', () => {
    const severity = manifest.contributes.configuration.properties['durableTs.lint.severity'];
    assert.deepStrictEqual(Object.keys(severity.properties), [...RULE_CODES]);
    for (const code of RULE_CODES) {
      const property = severity.properties[code];
      assert.deepStrictEqual(property.enum, ['error', 'warning', 'information', 'off'], code);
      assert.match(property.description, new RegExp(`^${code}: `), code);
      assert.ok(RULES[code].title.length > 0);
    }
  });

  it('gives no key twice: JSON keeps the last one silently, and VS Code would miss the commands of the first', () => {
    // npm writes package.json as JSON.stringify does, so a key given twice is the one difference a round trip shows.
    assert.strictEqual(`${JSON.stringify(manifest, null, 2)}\n`, manifestText);
  });

  it('offers every command the extension registers for the palette under "Durable TS"', () => {
    const commands = new Map(manifest.contributes.commands.map((entry: { command: string; category: string }) => [entry.command, entry.category]));
    for (const command of ['durableTs.createProject', 'durableTs.addRuntime', 'durableTs.showRuleDocumentation', 'durableTs.raiseEvent']) {
      assert.strictEqual(commands.get(command), 'Durable TS', command);
    }
  });

  it('has no static launch configuration: VS Code would put it before the orchestrations the extension finds', () => {
    for (const debuggerEntry of manifest.contributes.debuggers) assert.strictEqual(debuggerEntry.initialConfigurations, undefined);
  });

  it('contributes every command the extension registers, once, in the palette\'s "Durable TS" category', () => {
    const registered = new Set<string>();
    const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []);
    for (const file of sources(path.resolve(__dirname, '../../client/src'))) {
      // Registered by name (`registerCommand('durableTs.x', …)`) or through a constant (`const X_COMMAND = 'durableTs.x'`).
      const source = fs.readFileSync(file, 'utf8');
      for (const match of source.matchAll(/(?:registerCommand|registerTextEditorCommand|onInstance)\(\s*'([\w.]+)'|const (?!\w*_VIEW )[A-Z_]+ = '(durableTs\.[\w.]+)';/g)) registered.add(match[1] ?? match[2]);
    }
    const contributed = (manifest.contributes.commands as { command: string; category: string }[]);
    assert.ok(registered.size >= 15, `found ${registered.size} registered commands`);
    assert.deepStrictEqual(contributed.map((command) => command.command).filter((command) => !registered.has(command)), []);
    assert.deepStrictEqual([...registered].filter((command) => !contributed.some((entry) => entry.command === command)), []);
    assert.strictEqual(new Set(contributed.map((command) => command.command)).size, contributed.length);
    for (const command of contributed) assert.strictEqual(command.category, 'Durable TS', command.command);
  });

  it('has no key twice in its contributions (JSON keeps only the last: the first one\'s contents would be lost)', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8');
    const topLevelKeys = [...text.matchAll(/^ {4}"(\w+)": [\[{]/gm)].map((match) => match[1]);
    assert.deepStrictEqual(topLevelKeys.filter((key, i) => topLevelKeys.indexOf(key) !== i), []);
  });

  it('is not the runtime package: installing the repository root cannot be mistaken for durable-ts', () => {
    assert.notStrictEqual(manifest.name, 'durable-ts');
    assert.strictEqual(manifest.bin, undefined);
  });
});
