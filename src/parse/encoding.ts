// Which encoding a file that is not UTF-8 is in, when its bytes say so plainly: a UTF-16 or UTF-32
// byte order mark, or UTF-16 without one (every other byte NUL, as ASCII text such as --- gives).
// Saying "UTF-16" tells the user what to change; "not UTF-8" alone does not.

/** How many of the first bytes are looked at for UTF-16 without a byte order mark. */
const SAMPLE = 64;

export function foreignEncoding(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  // UTF-32LE's mark begins with UTF-16LE's: it is looked for first.
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return 'UTF-32LE';
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return 'UTF-32BE';
  if (a === 0xff && b === 0xfe) return 'UTF-16LE';
  if (a === 0xfe && b === 0xff) return 'UTF-16BE';
  return utf16WithoutMark(bytes.subarray(0, SAMPLE - (Math.min(bytes.length, SAMPLE) % 2)));
}

/** A form starts with "---" and YAML keys: in UTF-16 the ASCII among them has a NUL beside each
 *  byte, always on the same side. Half of one side NUL and next to none of the other (a CJK
 *  character such as 一, U+4E00, has a NUL byte too) is that pattern. */
function utf16WithoutMark(sample: Uint8Array): string | undefined {
  if (sample.length < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let index = 0; index < sample.length; index += 1) {
    if (sample[index] !== 0) continue;
    if (index % 2 === 0) evenNul += 1;
    else oddNul += 1;
  }
  const pairs = sample.length / 2;
  const few = pairs / 8;
  if (oddNul >= pairs / 2 && evenNul <= few) return 'UTF-16LE';
  if (evenNul >= pairs / 2 && oddNul <= few) return 'UTF-16BE';
  return undefined;
}

export const foreignEncodingMessage = (encoding: string) =>
  `文件是 ${encoding} 编码，不是 UTF-8：请用 UTF-8 另存（如记事本「另存为」时编码选「UTF-8」）`;

/** Text in GBK (GB 2312, GB 18030's two-byte part), as Chinese tools without UTF-8 save it: bytes
 *  that decode as GBK, with Chinese in them and no control character a text file does not have. */
export function isGbkText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('gbk', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return /[\u4e00-\u9fff]/.test(text) && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}

export const NOT_UTF8_MESSAGE =
  '文件不是 UTF-8 编码的文本，也不是 GBK：从这里起的字节读不成文字；请确认这是表单的文本文件，并用 UTF-8 另存';
