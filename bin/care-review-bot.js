#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx registers its loader, then the CLI takes over.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// A bot idles most of the time: a smaller heap matters more than peak speed (npm start also passes
// the flag to node, which applies it from the first allocation).
setFlagsFromString('--optimize-for-size');

register();
await import('../src/cli.ts');
