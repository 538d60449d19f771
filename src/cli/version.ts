// esbuild inlines the imported field into dist/cli.js: the bundle needs no package.json at run time.
import { version } from '../../package.json';

export const VERSION: string = version;
