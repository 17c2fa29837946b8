// The shipped JSON Schema is the one generated from the zod schema, and it accepts the real forms.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeJsonSchema } from '../src/schema/json-schema.ts';

const SHIPPED = path.resolve(import.meta.dirname, '../schema/form.schema.json');

describe('schema/form.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` after changing src/schema/form.ts)', () => {
    expect(readFileSync(SHIPPED, 'utf8')).toBe(serializeJsonSchema());
  });

  it('describes the fields of a form', () => {
    const schema = JSON.parse(readFileSync(SHIPPED, 'utf8'));
    expect(schema.required).toEqual(expect.arrayContaining(['项目名称', '绩效自评年度', '项目资金', '绩效指标']));
    expect(schema.properties.项目编码.pattern).toBe('^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$');
    expect(schema.additionalProperties).toBe(false);
  });
});
