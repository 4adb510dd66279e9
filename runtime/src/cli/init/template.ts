/**
 * The files `durable-ts init` writes: a project that runs (`npm start`), type-checks, lints and debugs (F5) as it
 * is. Paths are relative to the project folder.
 */
export interface ProjectTemplate {
  name: string;
  /** The dependency spec of durable-ts: a version range, or `file:` a tarball in the project. */
  runtimeSpec: string;
}

const APP = `import { app } from 'durable-ts';

// Activities do the work: I/O, clocks and randomness belong here. They run once; their results are recorded.
const getForecast = app.activity('GetForecast', async (city: string) => \`sunny in \${city}\`);
const sendReport = app.activity('SendReport', async (lines: string[]) => \`sent \${lines.length} lines\`);

// The orchestration decides what runs. It is replayed from its history, so it must be deterministic.
app.orchestration('WeatherReport', async (ctx, cities: string[]) => {
  ctx.log.info(\`forecasts for \${cities.length} cities\`);
  const forecasts = await ctx.all(cities.map((city) => ctx.callActivity(getForecast, city))); // fan-out/fan-in
  const receipt = await ctx.callActivity(sendReport, forecasts);
  return { forecasts, receipt };
});

export default app;
`;

const SAMPLE_INPUT = ['Tokyo', 'Seattle'];

export function projectFiles(template: ProjectTemplate): Record<string, string> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const input = JSON.stringify(SAMPLE_INPUT);
  return {
    'package.json': json({
      name: template.name,
      version: '0.1.0',
      private: true,
      type: 'module',
      scripts: {
        start: `durable-ts run src/app.ts WeatherReport --input '${input}'`,
        serve: 'durable-ts serve src/app.ts',
        lint: 'durable-ts lint src',
        typecheck: 'tsc -p .',
      },
      dependencies: { 'durable-ts': template.runtimeSpec },
      devDependencies: { '@types/node': '^20.19.0', typescript: '^5.9.3' },
    }),
    'tsconfig.json': json({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
      include: ['src'],
    }),
    'src/app.ts': APP,
    '.vscode/launch.json': json({
      version: '0.2.0',
      configurations: [
        { type: 'durable', request: 'launch', name: 'Debug WeatherReport', program: '${workspaceFolder}/src/app.ts', orchestration: 'WeatherReport', input: SAMPLE_INPUT },
      ],
    }),
    '.gitignore': 'node_modules/\n.durable/\n',
  };
}
