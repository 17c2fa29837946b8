// The JSON Schema of the front matter, generated from the zod schema so the two cannot drift.
// Editors with a YAML language server use it for completion and checks (see docs/guide/write.md).
import { z } from 'zod';
import { formSchema } from './form.ts';

export function formJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(formSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }),
    $id: 'https://jixiao.dev/schema/form.schema.json',
    title: 'jixiao 项目支出绩效自评表（前置元数据）',
  };
}

export const serializeJsonSchema = (): string => `${JSON.stringify(formJsonSchema(), null, 2)}\n`;
