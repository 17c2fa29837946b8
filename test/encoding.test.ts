// Naming the encoding of a file that is not UTF-8, from its bytes alone.
import { describe, expect, it } from 'vitest';
import { foreignEncoding, isGbkText } from '../src/parse/encoding.ts';

const FORM = '---\n项目编码: "440300221111564300377"\n项目名称: 数字城市工程\n---\n';
const utf16le = (text: string) => Buffer.from(text, 'utf16le');
const utf16be = (text: string) => utf16le(text).swap16();
const utf32 = (text: string, littleEndian: boolean) => {
  const points = [...text].map((c) => c.codePointAt(0)!);
  const bytes = Buffer.alloc(points.length * 4);
  points.forEach((point, index) =>
    littleEndian ? bytes.writeUInt32LE(point, index * 4) : bytes.writeUInt32BE(point, index * 4),
  );
  return bytes;
};

describe('foreignEncoding', () => {
  it('names UTF-16 and UTF-32 by their byte order marks, UTF-32LE before the UTF-16LE mark it begins with', () => {
    expect(foreignEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(FORM)]))).toBe('UTF-16LE');
    expect(foreignEncoding(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(FORM)]))).toBe('UTF-16BE');
    expect(foreignEncoding(Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(FORM, true)]))).toBe('UTF-32LE');
    expect(foreignEncoding(Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(FORM, false)]))).toBe('UTF-32BE');
  });

  it('names UTF-16 without a mark by the NUL beside each ASCII byte', () => {
    expect(foreignEncoding(utf16le(FORM))).toBe('UTF-16LE');
    expect(foreignEncoding(utf16be(FORM))).toBe('UTF-16BE');
  });

  it('a CJK character with a NUL byte (一, U+4E00) among the ASCII does not hide UTF-16', () => {
    expect(foreignEncoding(utf16le(`---\n项目名称: 一${FORM.slice(4)}`))).toBe('UTF-16LE');
  });

  it('names nothing for UTF-8 (with or without its mark), GBK, a PNG or a file too short to tell', () => {
    expect(foreignEncoding(Buffer.from(FORM))).toBeUndefined();
    expect(foreignEncoding(Buffer.from(`\uFEFF${FORM}`))).toBeUndefined();
    expect(foreignEncoding(Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xcf, 0xee, 0xc4, 0xbf]))).toBeUndefined();
    expect(
      foreignEncoding(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      ),
    ).toBeUndefined();
    expect(foreignEncoding(Buffer.from([0x2d, 0x00]))).toBeUndefined();
    expect(foreignEncoding(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('isGbkText', () => {
  const GBK_NAME = Buffer.from([0xcf, 0xee, 0xc4, 0xbf, 0xc3, 0xfb, 0xb3, 0xc6]); // 项目名称

  it('knows Chinese saved in GBK', () => {
    expect(isGbkText(Buffer.concat([Buffer.from('---\n'), GBK_NAME, Buffer.from(': x\n---\n')]))).toBe(true);
  });

  it('is not fooled by bytes that are neither: a broken UTF-8 sequence, a PNG, ASCII alone', () => {
    expect(isGbkText(Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28]))).toBe(false);
    expect(
      isGbkText(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      ),
    ).toBe(false);
    expect(isGbkText(Buffer.from('---\n'))).toBe(false);
  });
});
