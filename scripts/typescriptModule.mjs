// `import ts from 'typescript'` in each of the analyzer's files makes esbuild wrap the compiler's CommonJS exports
// once per importing file (__toESM copies its thousands of properties each time: a tenth of a second of every
// start). This plugin routes those imports through one module whose default export is the compiler itself.
const NAMESPACE = 'typescript-module';

export const typescriptAsOneModule = {
  name: 'typescript-as-one-module',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, (args) => (args.namespace === NAMESPACE ? undefined : { path: 'typescript', namespace: NAMESPACE }));
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({
      contents: 'export default require("typescript");',
      resolveDir: build.initialOptions.absWorkingDir,
      loader: 'js',
    }));
  },
};
