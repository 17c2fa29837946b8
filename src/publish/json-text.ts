// JSON text in which decimals are numbers written exactly as computed: JSON.stringify would pass
// them through a float (9007199254740993 → 9007199254740992) or print 1e-8.
import { Decimal, plain } from '../score/decimal.ts';

const MARK = '\u0000decimal:';

export function stringifyExact(value: unknown): string {
  // The replacer sees Decimal.toJSON's string; the holder still has the Decimal itself.
  const text = JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, item: unknown) {
      const original = this[key];
      return Decimal.isDecimal(original) ? `${MARK}${plain(original)}` : item;
    },
    2,
  );
  return `${text.replace(/"\\u0000decimal:(-?[0-9.]+)"/g, '$1')}\n`;
}
