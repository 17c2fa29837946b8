// Regenerates schema/form.schema.json from the zod schema (npm run schema).
import { writeFileSync } from 'node:fs';
import { serializeJsonSchema } from '../src/schema/json-schema.ts';

writeFileSync(new URL('../schema/form.schema.json', import.meta.url), serializeJsonSchema());
