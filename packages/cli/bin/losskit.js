#!/usr/bin/env node
// A committed launcher, so npm links the command on install even before the build has run.
import '../dist/bin.js';
