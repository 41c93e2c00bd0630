#!/usr/bin/env node
// The command's entry. Before anything else loads, Node's own compile cache is switched on (Node
// 22.1 and later; Node 20 has none): compiled code is kept on disk, in the OS temp directory unless
// NODE_COMPILE_CACHE names another, and a later start reads it instead of compiling again: on Node
// 24.22, spawn to first answer 261 ms instead of 301 (docs/performance.md). Under coverage it stays
// off, as Node advises: code read back from the cache makes coverage less precise.
const { enableCompileCache } = process.getBuiltinModule('node:module') as { enableCompileCache?: () => unknown }
/* c8 ignore next -- the test suite always runs under coverage */
if (process.env.NODE_V8_COVERAGE === undefined) enableCompileCache?.()
await import('./cli.js')
