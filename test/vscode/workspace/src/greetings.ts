import { app } from 'durable-ts';

const sayHello = app.activity('SayHello', async (city: string) => `Hello ${city}!`);

app.orchestration('Greetings', async (ctx, cities: string[] | null) => {
  const greetings: string[] = [];
  for (const city of cities ?? ['Lisbon']) {
    const greeting = await ctx.callActivity(sayHello, city);
    greetings.push(greeting); // the suite's breakpoint
  }
  return greetings;
});

export default app;
