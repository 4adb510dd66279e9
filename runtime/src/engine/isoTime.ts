/** The largest distance from 1970 a Date can hold. */
const MAX_TIME = 8.64e15;
let secondStart = Number.NaN;
let secondPrefix = '';

/**
 * `new Date(ms).toISOString()`, faster: busy hosts stamp thousands of events a second, and formatting a date is
 * slow, so the text up to the second is kept and only the milliseconds are written each time.
 */
export function isoTime(ms: number): string {
  const time = Math.trunc(ms); // what Date does with a fraction
  if (!(Math.abs(time) <= MAX_TIME)) return new Date(ms).toISOString(); // throws its RangeError
  const second = Math.floor(time / 1000) * 1000;
  if (second !== secondStart) {
    // Cut "000Z" off "...:SS.000Z".
    secondPrefix = new Date(second).toISOString().slice(0, -4);
    secondStart = second;
  }
  const millis = time - second;
  return `${secondPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
