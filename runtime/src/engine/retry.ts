import type { DurableTask, OrchestrationContext, RetryOptions } from '../api/types';
import { InvalidInputError } from '../api/errors';

/**
 * Durable retries are ordinary orchestration logic: fail, wait on a durable timer, schedule again.
 * Every step is in history, so retries survive restarts and replay for free.
 */
export async function withRetries<T>(attempt: () => DurableTask<T>, policy: RetryOptions, ctx: OrchestrationContext): Promise<T> {
  validate(policy);
  const firstAttemptAt = ctx.currentUtcDateTime.getTime();
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = retryDelay(policy, attemptNumber);
      const elapsed = ctx.currentUtcDateTime.getTime() - firstAttemptAt;
      const outOfTime = policy.retryTimeoutMs !== undefined && elapsed + delay > policy.retryTimeoutMs;
      if (attemptNumber >= policy.maxAttempts || outOfTime) throw error;
      await ctx.createTimer(delay);
    }
  }
}

export function retryDelay(policy: RetryOptions, failedAttempts: number): number {
  const delay = policy.firstRetryIntervalMs * Math.pow(policy.backoffCoefficient ?? 1, failedAttempts - 1);
  return Math.min(delay, policy.maxRetryIntervalMs ?? Number.POSITIVE_INFINITY);
}

function validate(policy: RetryOptions): void {
  if (!(policy.maxAttempts >= 1)) throw new InvalidInputError('retry.maxAttempts must be at least 1.');
  if (!(policy.firstRetryIntervalMs > 0)) throw new InvalidInputError('retry.firstRetryIntervalMs must be greater than 0.');
  if (policy.backoffCoefficient !== undefined && !(policy.backoffCoefficient >= 1)) {
    throw new InvalidInputError('retry.backoffCoefficient must be at least 1.');
  }
}
