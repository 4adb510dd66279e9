import { app } from 'durable-ts';

const book = app.activity('Book', async (trip: string) => `booked ${trip}`);

app.orchestration('ApproveTrip', async (ctx, trip: string) => {
  const approved = await ctx.waitForEvent<boolean | undefined>('Approval');
  if (!approved) return `${trip}: not approved`;
  return ctx.callActivity(book, trip);
});

app.orchestration('BookTrips', async (ctx, trips: string[]) => {
  const booked: string[] = [];
  for (const trip of trips) {
    const confirmation = await ctx.callActivity(book, trip);
    booked.push(confirmation); // the lifecycle test's breakpoint
  }
  return booked;
});

export default app;
