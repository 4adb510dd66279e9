export class HitConditionError extends Error {}

/**
 * A breakpoint's hit condition as VS Code users write it: `5` or `== 5` (the fifth hit), `>= 5`, `> 5`, `< 5`,
 * `<= 5`, or `% 5` (every fifth hit).
 */
export function parseHitCondition(text: string): (hits: number) => boolean {
  const match = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!match) throw new HitConditionError(`Hit count '${text}' is not understood: write a number, or one of ==, >, >=, <, <=, % followed by a number.`);
  const n = Number(match[2]);
  switch (match[1] ?? '==') {
    case '==':
      return (hits) => hits === n;
    case '>=':
      return (hits) => hits >= n;
    case '>':
      return (hits) => hits > n;
    case '<':
      return (hits) => hits < n;
    case '<=':
      return (hits) => hits <= n;
    default:
      return (hits) => n > 0 && hits % n === 0;
  }
}
