import * as assert from 'node:assert/strict';
import { isoTime } from '../../../runtime/src/engine/isoTime';

describe('event timestamps', () => {
  it('read exactly as Date#toISOString, in and out of order, before 1970, after 9999 and with fractions', () => {
    const times = [0, 1, 999, 1000, 1001, 59_999, 1_795_248_808_890, 1_795_248_808_891, 1_795_248_808_009, 1_795_248_808_099, -1, -999, -1000, -1001, -62_198_755_200_001, 253_402_300_800_000, 8.64e15, 1.5, -1.5, 1_795_248_808_890.9];
    for (let i = 0; i < 2000; i++) times.push(Math.round((Math.random() - 0.3) * 4e12));
    for (const ms of [...times, ...times.slice().reverse()]) assert.equal(isoTime(ms), new Date(ms).toISOString(), `for ${ms}`);
  });

  it('refuses an invalid time as Date does', () => {
    assert.throws(() => isoTime(Number.NaN), RangeError);
    assert.throws(() => isoTime(8.64e15 + 1), RangeError);
  });
});
