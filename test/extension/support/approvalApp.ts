import { DurableApp } from '../../../runtime/src/index';

/** The explorer tests' app: one orchestration that completes at once, one that waits for an 'Approval' event. */
export function approvalApp(): DurableApp {
  const app = new DurableApp();
  const greet = app.activity('Greet', async (name: string) => `Hello ${name}!`);
  app.orchestration('Hello', async (ctx, name: string) => ctx.callActivity(greet, name));
  app.orchestration('Approval', async (ctx, request: string) => `${request}: ${(await ctx.waitForEvent<boolean>('Approval')) ? 'approved' : 'rejected'}`);
  return app;
}
