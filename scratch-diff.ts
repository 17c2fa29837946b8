import { createDiffRepository } from './test/diff-repository.ts';
const repo = await createDiffRepository();
console.log(repo.dir);
