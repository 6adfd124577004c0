import { ChangeCursor } from '../src/server/change-cursor';

describe('the change feed cursor', () => {
  test('a change committed in the millisecond already read is still announced, once', () => {
    const cursor = new ChangeCursor();
    const t = cursor.since + 10;
    const look = (...changes: [string, number][]) =>
      cursor
        .fresh(
          changes.filter(([, at]) => at > cursor.since).map(([name, updatedAt]) => ({ name, updatedAt })),
          c => c.name
        )
        .map(c => c.name);
    expect(look(['a', t])).toEqual(['a']);
    // b was written at t too but committed after the first look: the next look reaches back to t.
    expect(look(['a', t], ['b', t])).toEqual(['b']);
    expect(look(['a', t], ['b', t])).toEqual([]);
    // A later change of a is announced again.
    expect(look(['a', t + 5], ['b', t])).toEqual(['a']);
  });
});
