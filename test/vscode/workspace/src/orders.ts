import { app } from 'durable-ts';

interface Order {
  customer: string;
  skus: string[];
  note?: string;
}

const reserve = app.activity('Reserve', async (sku: string) => `reserved ${sku || 'a sample item'}`);

app.orchestration('PlaceOrder', async (ctx, order: Order) => {
  const reserved: string[] = [];
  for (const sku of order.skus) reserved.push(await ctx.callActivity(reserve, sku));
  return reserved;
});

app.orchestration('ShipOrder', async (ctx, order: Order) => {
  await ctx.callActivity(reserve, order.skus[0]);
  throw new Error(`cannot ship to ${order.customer || 'nobody'}`); // the suite's throw
});

export default app;
