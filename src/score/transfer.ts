// A scored form as plain data, to hand to another thread: structured cloning keeps objects, arrays,
// text, numbers and booleans, but a Decimal would arrive as a bare object of its digits. Each is
// sent as its exact text, in an object of one marked key, and is a Decimal again on arrival.
import { Decimal } from './decimal.ts';

const DECIMAL = '\u0000decimal';

type Sent = { readonly [DECIMAL]: string };

export function toSendable(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return { [DECIMAL]: (value as Decimal).toString() } satisfies Sent;
  if (Array.isArray(value)) return value.map(toSendable);
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) copy[key] = toSendable(inner);
    return copy;
  }
  return value;
}

/** `value` with each Decimal sent made a Decimal again, in place: what arrives (a structured clone,
 *  JSON just parsed) is a fresh copy no one else holds, and a thousand forms read from the cache
 *  are not copied object by object a second time. */
export function fromSent<T>(value: unknown): T {
  return revive(value) as T;
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) value[index] = revive(value[index]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === DECIMAL) return new Decimal((value as Sent)[DECIMAL]);
    for (const key of keys) record[key] = revive(record[key]);
    return record;
  }
  return value;
}
