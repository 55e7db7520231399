#!/usr/bin/env node
// The `duotrack` command: runs the compiled CLI (built by `npm install` / `npm run build`).
import '../dist/main.js';
