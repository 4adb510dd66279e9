import { HttpError } from './httpError';

/** A date query parameter; a value that is not a date is refused, naming the parameter. */
export function dateParam(params: URLSearchParams, name: string): Date | undefined {
  const value = params.get(name);
  if (value === null) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new HttpError(400, `${name} is not a valid date: '${value}'.`);
  return date;
}
