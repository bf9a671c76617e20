/**
 * TokenManager is the kubelet's service account token cache (pkg/kubelet/token): a projected token is
 * requested once per pod, audience set and lifetime, and reused until 80% of its lifetime has passed (or
 * it is older than 24 h), then renewed; the mounted file changes only then. Without it every pod sync
 * would mint a new token and rewrite the file.
 */
import type { TokenSpec } from './object-source';

/** IssuedToken is a TokenRequest answer: the token and when it expires. */
export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

interface Entry extends IssuedToken {
  issuedAt: number;
}

const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export class TokenManager {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly request: (
      namespace: string,
      serviceAccount: string,
      spec: TokenSpec,
    ) => Promise<IssuedToken>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async token(namespace: string, serviceAccount: string, spec: TokenSpec): Promise<string> {
    const key = JSON.stringify([
      namespace,
      serviceAccount,
      spec.boundPod.uid,
      spec.audiences,
      spec.expirationSeconds,
    ]);
    const now = this.now().getTime();
    const cached = this.cache.get(key);
    if (cached && !this.requiresRefresh(cached, now)) return cached.token;
    const issued = await this.request(namespace, serviceAccount, spec);
    this.prune(now);
    this.cache.set(key, { ...issued, issuedAt: now });
    return issued.token;
  }

  /** forgetPod drops the tokens of a pod that left the node. */
  forgetPod(uid: string): void {
    for (const key of [...this.cache.keys()]) {
      if ((JSON.parse(key) as unknown[])[2] === uid) this.cache.delete(key);
    }
  }

  get size(): number {
    return this.cache.size;
  }

  private requiresRefresh(entry: Entry, now: number): boolean {
    const expires = entry.expiresAt.getTime();
    const lifetime = expires - entry.issuedAt;
    return now >= expires - lifetime * 0.2 || now - entry.issuedAt > MAX_AGE_MS;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.cache) if (entry.expiresAt.getTime() <= now) this.cache.delete(key);
  }
}
