#!/usr/bin/env node
'use strict';
// The CLI is compiled into dist/; this entry exists before any build, so npm can link `durable-ts` at install time.
// `lint` needs none of the runtime the other commands load, so it starts on its own.
const [command, ...rest] = process.argv.slice(2);
if (command === 'lint') require('../dist/cli/lintMain.js').runLintFromCommandLine(rest);
else require('../dist/cli/main.js').runFromCommandLine();
