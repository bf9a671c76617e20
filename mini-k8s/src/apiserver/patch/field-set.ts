/**
 * FieldSet: a set of field paths, the data structure behind managedFields (sigs.k8s.io/structured-merge-diff
 * fieldpath.Set). A path is a list of path elements written as in `fieldsV1`: `f:<field>` for a struct or
 * map field, `k:<json object>` for an item of a keyed list, `v:<json value>` for an item of a set list,
 * `i:<index>` for an item of a positional list. The tree mirrors the fieldsV1 JSON: a node is a member when
 * it is a leaf (`{}`) or carries the `.` marker.
 */
import { isPlainObject } from './errors';

/** PathElement is one step of a path, in its fieldsV1 spelling (`f:spec`, `k:{"name":"nginx"}`). */
export type PathElement = string;

/** fieldElement returns the path element of a struct or map field. */
export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** FieldSet is a mutable set of paths. */
export class FieldSet {
  /** Elements at this level that are members themselves. */
  private readonly members = new Set<PathElement>();
  /** Subtrees below elements of this level. */
  private readonly children = new Map<PathElement, FieldSet>();

  /** insert adds a path (a no-op for the empty path). */
  insert(path: readonly PathElement[]): void {
    if (path.length === 0) return;
    const parent = path.slice(0, -1).reduce<FieldSet>((node, pe) => node.child(pe, true) as FieldSet, this);
    parent.members.add(path[path.length - 1]);
  }

  /** has tells whether the path is a member. */
  has(path: readonly PathElement[]): boolean {
    if (path.length === 0) return false;
    const parent = this.node(path.slice(0, -1));
    return parent !== undefined && parent.members.has(path[path.length - 1]);
  }

  /** hasAtOrBelow tells whether the path or any path below it is a member. */
  hasAtOrBelow(path: readonly PathElement[]): boolean {
    if (path.length === 0) return !this.empty();
    const parent = this.node(path.slice(0, -1));
    if (!parent) return false;
    const last = path[path.length - 1];
    return parent.members.has(last) || !(parent.children.get(last)?.empty() ?? true);
  }

  /** empty tells whether the set has no member. */
  empty(): boolean {
    if (this.members.size > 0) return false;
    for (const child of this.children.values()) if (!child.empty()) return false;
    return true;
  }

  /** union returns a new set with the members of both. */
  union(other: FieldSet): FieldSet {
    const out = this.clone();
    for (const m of other.members) out.members.add(m);
    for (const [pe, child] of other.children) {
      const mine = out.children.get(pe);
      out.children.set(pe, mine ? mine.union(child) : child.clone());
    }
    return out;
  }

  /** intersection returns a new set with the members present in both. */
  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (other.members.has(m)) out.members.add(m);
    for (const [pe, child] of this.children) {
      const theirs = other.children.get(pe);
      if (theirs) out.children.set(pe, child.intersection(theirs));
    }
    return out.pruned();
  }

  /** difference returns a new set with the members of this set that are not members of `other`. */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, child] of this.children) {
      const theirs = other.children.get(pe);
      out.children.set(pe, theirs ? child.difference(theirs) : child.clone());
    }
    return out.pruned();
  }

  /** recursiveDifference is difference that also drops everything below a member of `other`. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, child] of this.children) {
      if (other.members.has(pe)) continue;
      const theirs = other.children.get(pe);
      out.children.set(pe, theirs ? child.recursiveDifference(theirs) : child.clone());
    }
    return out.pruned();
  }

  /** paths lists the member paths in fieldsV1 order. */
  paths(): PathElement[][] {
    const out: PathElement[][] = [];
    for (const pe of this.sortedElements()) {
      if (this.members.has(pe)) out.push([pe]);
      const child = this.children.get(pe);
      if (child) for (const rest of child.paths()) out.push([pe, ...rest]);
    }
    return out;
  }

  /** equals tells whether both sets have the same members. */
  equals(other: FieldSet): boolean {
    return JSON.stringify(this.toFieldsV1()) === JSON.stringify(other.toFieldsV1());
  }

  /** toFieldsV1 serialises the set as the `fieldsV1` JSON of a managedFields entry. */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const pe of this.sortedElements()) {
      const child = this.children.get(pe);
      if (child && !child.empty()) {
        const nested = child.toFieldsV1();
        out[pe] = this.members.has(pe) ? { '.': {}, ...nested } : nested;
      } else if (this.members.has(pe)) {
        out[pe] = {};
      }
    }
    return out;
  }

  /** fromFieldsV1 parses the `fieldsV1` JSON of a managedFields entry (unknown shapes are ignored). */
  static fromFieldsV1(json: unknown): FieldSet {
    const set = new FieldSet();
    if (!isPlainObject(json)) return set;
    for (const [pe, value] of Object.entries(json)) {
      if (pe === '.' || !isPlainObject(value)) continue;
      const keys = Object.keys(value);
      if (keys.length === 0 || Object.hasOwn(value, '.')) set.members.add(pe);
      if (keys.some((k) => k !== '.')) set.children.set(pe, FieldSet.fromFieldsV1(value));
    }
    return set;
  }

  /** fromPaths builds a set from a list of paths. */
  static fromPaths(paths: readonly (readonly PathElement[])[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  clone(): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const [pe, child] of this.children) out.children.set(pe, child.clone());
    return out;
  }

  private node(path: readonly PathElement[]): FieldSet | undefined {
    return path.reduce<FieldSet | undefined>((node, pe) => node?.children.get(pe), this);
  }

  private child(pe: PathElement, create: boolean): FieldSet | undefined {
    let child = this.children.get(pe);
    if (!child && create) {
      child = new FieldSet();
      this.children.set(pe, child);
    }
    return child;
  }

  private pruned(): FieldSet {
    for (const [pe, child] of this.children) if (child.empty()) this.children.delete(pe);
    return this;
  }

  /** sortedElements orders elements like structured-merge-diff: fields, then keys, values, indices. */
  private sortedElements(): PathElement[] {
    const all = new Set<PathElement>([...this.members, ...this.children.keys()]);
    return [...all].sort(comparePathElements);
  }
}

const ELEMENT_RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** comparePathElements orders path elements by kind, then by name, value or index. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const ra = ELEMENT_RANK[a[0]] ?? 4;
  const rb = ELEMENT_RANK[b[0]] ?? 4;
  if (ra !== rb) return ra - rb;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * pathToString renders a path the way structured-merge-diff prints it in conflict messages:
 * `.spec.replicas`, `.spec.containers[name="nginx"].image`, `.metadata.finalizers[="a"]`, `.args[0]`.
 */
export function pathToString(path: readonly PathElement[]): string {
  return path
    .map((pe) => {
      const body = pe.slice(2);
      switch (pe[0]) {
        case 'f':
          return `.${body}`;
        case 'k': {
          const key = JSON.parse(body) as Record<string, unknown>;
          return `[${Object.entries(key)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(',')}]`;
        }
        case 'v':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}
