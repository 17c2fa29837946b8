// Money and scores are decimal.js values from parse to render: never floating point.
import { Decimal } from 'decimal.js';

export { Decimal };
export const ZERO = new Decimal(0);
export const HUNDRED = new Decimal(100);

/** Rounds half away from zero (四舍五入) to `places` decimals, as the budget platform does. */
export function roundHalfUp(value: Decimal, places = 2): Decimal {
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

export function sum(values: readonly Decimal[]): Decimal {
  return values.reduce((total, value) => total.plus(value), ZERO);
}

/** A decimal in plain notation with every digit: 0.00000001, never 1e-8; 9007199254740993 exact. */
export const plain = (value: Decimal): string => value.toFixed();
