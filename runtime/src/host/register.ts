/** `node --import durable-ts/register app.ts`: run TypeScript files directly, types erased in place. */
import { registerTypeScript } from './typescriptSupport';

registerTypeScript();
