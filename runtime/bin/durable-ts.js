#!/usr/bin/env node
'use strict';
// The CLI is compiled into dist/; this entry exists before any build, so npm can link `durable-ts` at install time.
require('../dist/cli/main.js').runFromCommandLine();
