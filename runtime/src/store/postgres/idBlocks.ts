import type { Pool } from 'pg';

/** Ids per block: a process takes the next block well before this one runs out. */
const BLOCK_SIZE = 2 ** 24;

/**
 * Ids unique across every process on the database without a round trip each: a process takes a block number from
 * a sequence and hands out `block × 2^24 + n`. The next block is fetched in the background once half of the current
 * one is used, so `next()` stays synchronous. Ids stay below 2^53 for 2^29 blocks.
 */
export class IdBlocks {
  private nextBlock: number | undefined;
  private fetching = false;

  private constructor(
    private readonly pool: Pool,
    private current: number,
    private used = 0,
  ) {}

  static async start(pool: Pool): Promise<IdBlocks> {
    return new IdBlocks(pool, await takeBlock(pool));
  }

  next(): number {
    if (this.used === BLOCK_SIZE) {
      if (this.nextBlock === undefined) throw new Error('No ids left in this block and the next one has not arrived yet: the database does not answer.');
      this.current = this.nextBlock;
      this.nextBlock = undefined;
      this.used = 0;
    }
    if (this.used === BLOCK_SIZE / 2) this.prefetch();
    return this.current * BLOCK_SIZE + this.used++;
  }

  private prefetch(): void {
    if (this.fetching || this.nextBlock !== undefined) return;
    this.fetching = true;
    takeBlock(this.pool).then(
      (block) => ((this.nextBlock = block), (this.fetching = false)),
      () => (this.fetching = false),
    );
  }
}

async function takeBlock(pool: Pool): Promise<number> {
  const result = await pool.query<{ block: string }>("SELECT nextval('durable_id_blocks') AS block");
  return Number(result.rows[0].block);
}
