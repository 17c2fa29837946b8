#!/usr/bin/env node
// Posts jixiao diff's markdown report on a GitLab merge request, or updates the note posted
// before. In a merge request pipeline: node node_modules/jixiao/bin/gitlab-note.js jixiao-diff.md
import { main } from '../lib/ci/gitlab-note.js';

process.exitCode = await main(process.argv.slice(2));
