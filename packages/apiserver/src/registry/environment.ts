/**
 * Injected sources of time, identity and randomness, so the registry is deterministic in tests.
 */
import { randomUUID } from 'node:crypto';

export interface Environment {
  now(): Date;
  uid(): string;
  /** Uniform in [0, 1). */
  random(): number;
}

export const realEnvironment: Environment = {
  now: () => new Date(),
  uid: () => randomUUID(),
  random: Math.random,
};

/** The 5-character suffix generateName gets (apiserver/pkg/storage/names/generate.go alphabet). */
const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
export function generateName(base: string, random: () => number): string {
  const b = base.length > 58 ? base.slice(0, 58) : base;
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return b + s;
}
