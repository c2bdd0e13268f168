import { CollectiveError } from '../errors.js';
import type { Generation } from '../store/store.js';
import { DEFAULT_CAPACITY, abortSharedMemoryGroup, createSharedMemoryGroup } from './sharedMemory.js';

interface Group {
  generation: Generation;
  buffer: SharedArrayBuffer;
  attached: Set<string>;
}

/**
 * The host side of shared-memory collectives: one group's memory per generation, handed to its
 * members as they attach. When a generation is published, each older group that can no longer
 * complete is aborted, waking whoever waits in it: a group with a member the new generation lacks
 * (it died or left), or one some member never attached to (it was superseded while forming; its
 * other members went on to the new generation). A group whose members all carry on stays, so
 * members finishing a step when someone joins are not interrupted.
 */
export class SharedMemoryGroups {
  private readonly groups = new Map<number, Group>();
  private latest = 0;

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** The memory of `generation`'s group for `member`; rejects ('aborted') if a newer generation exists. */
  attach(generation: Generation, member: string): SharedArrayBuffer {
    if (generation.id < this.latest) throw new CollectiveError(`generation ${generation.id} was superseded by ${this.latest}`, 'aborted');
    this.latest = generation.id;
    let group = this.groups.get(generation.id);
    if (group === undefined) {
      group = { generation, buffer: createSharedMemoryGroup(generation.members.length, this.capacity), attached: new Set() };
      this.groups.set(generation.id, group);
    }
    group.attached.add(member);
    // Once every member is here, nobody is left in an older group.
    if (group.attached.size === generation.members.length) this.abortOlderThan(generation.id, () => true);
    return group.buffer;
  }

  /** Call for every published generation. */
  published(next: Generation): void {
    this.latest = Math.max(this.latest, next.id);
    const carried = new Set(next.members);
    this.abortOlderThan(next.id, ({ generation: { members }, attached }) => members.some((m) => !carried.has(m)) || attached.size < members.length);
  }

  private abortOlderThan(id: number, which: (group: Group) => boolean): void {
    for (const [older, group] of this.groups) {
      if (older < id && which(group)) {
        abortSharedMemoryGroup(group.buffer);
        this.groups.delete(older);
      }
    }
  }

  /** Aborts every group (the job is over). */
  abortAll(): void {
    for (const group of this.groups.values()) abortSharedMemoryGroup(group.buffer);
    this.groups.clear();
  }
}
