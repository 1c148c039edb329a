#!/usr/bin/env node
// Runs the compiled CLI; in a checkout that has not been built yet, runs the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli/porchlight.js', import.meta.url));
if (existsSync(compiled) && !process.env.PORCHLIGHT_FROM_SOURCE) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/porchlight.ts', import.meta.url).href);
}
