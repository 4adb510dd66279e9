import { app } from 'durable-ts';

app.activity('ChargeCard', async (amount: number) => {
  const limit = 100;
  if (amount > limit) throw new Error(`card declined for ${amount}`); // the suite's throw
  return 'charged';
});

app.orchestration('Checkout', async (ctx, amount: number) => {
  try {
    return await ctx.callActivity('ChargeCard', amount);
  } catch {
    return 'invoice';
  }
});

export default app;
