import { app } from 'durable-ts';

app.orchestration('StampedGreeting', async (ctx, name: string) => {
  const greeting = await ctx.callActivity('SayHello', name);
  const stampedAt = Date.now();
  return { greeting, stampedAt };
});

app.activity('SayHello', async (name: string) => `Hello ${name}!`);

export default app;
