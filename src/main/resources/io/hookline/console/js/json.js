// Chat ids are 64-bit integers, and WhatsApp group ids have 18 digits: read as JavaScript numbers, anything above
// 2^53 shows (and would be saved back with) other digits. Where the browser can read a number's source text and
// write raw JSON (Chromium 114+, Firefox 135+, Safari 18.4+), such integers are kept as BigInt, exactly, both ways.
// Elsewhere they are read as numbers, as before.

const EXACT = typeof JSON.rawJSON === 'function';
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

if (EXACT && !BigInt.prototype.toJSON) {
  // every JSON.stringify in the console then writes a kept integer as its digits
  BigInt.prototype.toJSON = function toJSON() { return JSON.rawJSON(this.toString()); };
}

function exactIntegers(key, value, context) {
  return typeof value === 'number' && !Number.isSafeInteger(value) && context && /^-?\d+$/.test(context.source)
    ? BigInt(context.source) : value;
}

/** JSON.parse that keeps integers beyond 2^53 exact (as BigInt) where the browser allows. */
export function parseJson(text) {
  return EXACT ? JSON.parse(text, exactIntegers) : JSON.parse(text);
}

/**
 * A typed whole number as the API takes it: a number, a BigInt when it is beyond 2^53 but within 64 bits (where the
 * browser can send it exactly), or the text as typed, so the API names the problem.
 */
export function integer(text) {
  if (!/^-?\d{1,19}$/.test(text)) return text;
  const big = BigInt(text);
  if (Number.isSafeInteger(Number(big))) return Number(big);
  return EXACT && big >= INT64_MIN && big <= INT64_MAX ? big : text;
}
