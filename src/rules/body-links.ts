import { defineRule } from './rule.ts';

export const bodyLinks = defineRule({
  id: 'body-links',
  severity: 'warning',
  category: '质量',
  description: '正文中有链接或图片：印出的表只保留文字，链接地址和图片都不会出现，也不会被打开。',
  why: '自评表是公开的正式文本；链接（包括 javascript: 之类）和远程图片既印不出来，也不应在生成时被访问。',
  check(form, { report }) {
    for (const link of form.form.正文链接) {
      const what =
        link.kind === 'image'
          ? `图片「${link.url}」不会印出，也不会被下载`
          : `链接「${link.url}」不会印出，只保留链接文字`;
      report([link.section, link.index], `${link.section}中的${what}`);
    }
  },
});
