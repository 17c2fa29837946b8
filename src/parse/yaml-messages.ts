// The YAML parser's errors in Chinese, for forms and for the configuration alike.
import type { ErrorCode } from 'yaml';

/** Every error the YAML parser can raise, in Chinese: no English text from the library reaches a user. */
export const YAML_MESSAGES: Record<ErrorCode, string> = {
  ALIAS_PROPS: '别名（*名称）不能带锚点或标签',
  BAD_ALIAS: '别名（*名称）写法不对，或引用了不存在的锚点（&名称）',
  BAD_DIRECTIVE: '以 % 开头的指令无法识别；文字以 % 开头时请加引号',
  BAD_DQ_ESCAPE: '双引号内的转义写法不对（如 \\ 后的字符）；不需要转义时请改用单引号或不加引号',
  BAD_INDENT: '缩进不一致：同一层的字段应从同一列开始',
  BAD_PROP_ORDER: '锚点（&）或标签（!）的位置不对',
  BAD_SCALAR_START: '值不能以这个符号开头（如 @ ` | > 等）：这样的文字请加引号',
  BLOCK_AS_IMPLICIT_KEY: '缩进不对：这一行不能嵌套在上一行的值里',
  BLOCK_IN_FLOW: '{…} 或 […] 里不能换行写成缩进的列表或映射：各项写在括号内，用半角逗号分隔',
  DUPLICATE_KEY: '同一层级出现重复的键',
  IMPOSSIBLE: '前置元数据无法读取',
  KEY_OVER_1024_CHARS: '字段名过长（超过 1024 个字符），多半是缺少冒号或换行',
  MISSING_CHAR: '缺少配对的符号：引号或括号没有闭合',
  MULTILINE_IMPLICIT_KEY: '字段名不能跨行（多半是缩进或冒号有误）',
  MULTIPLE_ANCHORS: '一个值只能有一个锚点（&名称）',
  MULTIPLE_DOCS: '前置元数据中只能有一个 YAML 文档（去掉中间的 --- 行）',
  MULTIPLE_TAGS: '一个值只能有一个标签（!名称）',
  NON_STRING_KEY: '字段名必须是文字，不能是列表或映射',
  RESOURCE_EXHAUSTION: '嵌套过深或别名展开过多，拒绝读取',
  TAB_AS_INDENT: '不能用 Tab 缩进，请改用空格',
  TAG_RESOLVE_FAILED: '标签（!名称）无法识别：请去掉它',
  UNEXPECTED_TOKEN: '这里不应出现这个符号',
  BAD_COLLECTION_TYPE: '列表或映射的类型与标签不符',
};
