import type { StoreChange } from '../../../../runtime/src/store/types';

/** A commit that is easy to look for afterwards: instance `i<n>`, whose input names n. */
export function instanceChange(n: number): StoreChange {
  const now = Date.now();
  return {
    op: 'createInstance',
    row: {
      instanceId: `i${n}`, name: 'Written', status: 'Running', input: JSON.stringify({ n, pad: 'x'.repeat(200) }), output: undefined,
      customStatus: undefined, createdAt: now, updatedAt: now, generation: 0, parent: undefined, version: '',
    },
  };
}

/** Which of the `i<n>` instances a store holds. */
export async function writtenNumbers(store: { listInstances(): Promise<{ instanceId: string; input: string | undefined }[]> }): Promise<number[]> {
  return (await store.listInstances())
    .filter((row) => row.instanceId.startsWith('i'))
    .map((row) => JSON.parse(row.input!).n as number)
    .sort((a, b) => a - b);
}
