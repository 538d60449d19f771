// Entry of a fuzzing worker thread: TypeScript through tsx's require hook, then worker.ts.
'use strict';
require('tsx/cjs');
require('./worker.ts');
