import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role, TokenConfig } from '../config/schema.js';
import { TopicAcl } from './topic-acl.js';

/** Who is calling: a named token with a role and topic permissions, or anonymous. */
export interface Principal {
  name: string;
  role: Role;
  acl: TopicAcl;
  /** Rate-limit key: the token's name. */
  key: string;
}

const RANK: Record<Role, number> = { read: 1, write: 2, admin: 3 };

/** read: subscribe and browse; write: also commands; admin: also reload and restart. */
export function hasRole(principal: Principal, needed: Role): boolean {
  return RANK[principal.role] >= RANK[needed];
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/**
 * Looks bearer tokens up by their SHA-256 and compares in constant time, so neither the lookup
 * nor the comparison leaks how much of a guess was right.
 */
export class TokenStore {
  private readonly byDigest = new Map<string, { digest: Buffer; principal: Principal }>();

  constructor(
    tokens: readonly TokenConfig[],
    /** The role of a caller without a token; undefined: such callers are refused. */
    readonly anonymousRole: Role | undefined,
  ) {
    for (const t of tokens) {
      const d = digest(t.token);
      this.byDigest.set(d.toString('hex'), {
        digest: d,
        principal: { name: t.name, role: t.role, acl: new TopicAcl(t.allow, t.deny), key: `token:${t.name}` },
      });
    }
  }

  get size(): number {
    return this.byDigest.size;
  }

  /** undefined: refused (unknown token, or no token where one is required). */
  authenticate(token: string | undefined): Principal | undefined {
    if (token === undefined || token === '') {
      if (this.anonymousRole === undefined) return undefined;
      return { name: 'anonymous', role: this.anonymousRole, acl: new TopicAcl(['#'], []), key: 'anonymous' };
    }
    const d = digest(token);
    const found = this.byDigest.get(d.toString('hex'));
    if (found === undefined || !timingSafeEqual(found.digest, d)) return undefined;
    return found.principal;
  }
}
