import type { Message } from '../store/types';
import type { Clock } from './clock';

/** setTimeout overflows above 2^31-1 ms; longer durable timers wake up in chunks. */
const MAX_TIMEOUT = 2 ** 31 - 1;

/** Timer messages waiting for their time, earliest first, with one OS timer armed for the earliest. */
export class TimerQueue {
  private readonly byInstance = new Map<string, Map<number, Message>>();
  private heap: Message[] = [];
  private armed: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  constructor(private readonly clock: Clock, private readonly onDue: (messages: Message[]) => void) {}

  get size(): number {
    return this.heap.length;
  }

  add(message: Message): void {
    const timers = this.byInstance.get(message.instanceId) ?? new Map<number, Message>();
    timers.set(message.id, message);
    this.byInstance.set(message.instanceId, timers);
    this.heap.push(message);
    this.siftUp(this.heap.length - 1);
    this.arm();
  }

  /** Remove an instance's timers (all, or those for the given timer ids); returns the removed messages. */
  remove(instanceId: string, timerIds?: ReadonlySet<number>): Message[] {
    const timers = this.byInstance.get(instanceId);
    if (!timers) return [];
    const removed = [...timers.values()].filter((message) => !timerIds || timerIds.has(message.event.TimerId!));
    if (removed.length === 0) return [];
    for (const message of removed) timers.delete(message.id);
    if (timers.size === 0) this.byInstance.delete(instanceId);
    const removedIds = new Set(removed.map((message) => message.id));
    this.heap = this.heap.filter((message) => !removedIds.has(message.id));
    this.heapify();
    this.arm();
    return removed;
  }

  /** The earliest pending timer's time, for time skipping. */
  nextDueAt(): number | undefined {
    return this.heap[0]?.visibleAt;
  }

  /** Deliver every timer due by the clock now. */
  releaseDue(): void {
    const due: Message[] = [];
    const now = this.clock.now();
    while (this.heap.length > 0 && this.heap[0].visibleAt <= now) {
      const message = this.pop();
      this.byInstance.get(message.instanceId)?.delete(message.id);
      if (this.byInstance.get(message.instanceId)?.size === 0) this.byInstance.delete(message.instanceId);
      due.push(message);
    }
    this.arm();
    if (due.length) this.onDue(due);
  }

  stop(): void {
    if (this.armed) clearTimeout(this.armed);
    this.armed = undefined;
    this.armedFor = Infinity;
  }

  private arm(): void {
    const next = this.heap[0]?.visibleAt ?? Infinity;
    if (next === this.armedFor) return;
    this.stop();
    if (next === Infinity) return;
    this.armedFor = next;
    const delay = Math.min(Math.max(0, next - this.clock.now()), MAX_TIMEOUT);
    this.armed = setTimeout(() => {
      this.armedFor = Infinity;
      this.armed = undefined;
      this.releaseDue();
    }, delay);
  }

  private pop(): Message {
    const top = this.heap[0];
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private heapify(): void {
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent].visibleAt <= heap[index].visibleAt) return;
      [heap[parent], heap[index]] = [heap[index], heap[parent]];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && heap[left].visibleAt < heap[smallest].visibleAt) smallest = left;
      if (right < heap.length && heap[right].visibleAt < heap[smallest].visibleAt) smallest = right;
      if (smallest === index) return;
      [heap[smallest], heap[index]] = [heap[index], heap[smallest]];
      index = smallest;
    }
  }
}
