/**
 * An iptables-restore/iptables-save dump being built: tables of chains, each chain with its
 * rule lines, printed in the normalised order kube-proxy's own tests compare dumps in:
 * tables by name; chains KUBE-NODEPORTS, KUBE-SERVICES, then other KUBE-* chains, then the
 * rest, each group by name; each chain's rules after the declarations, in the order written,
 * except that KUBE-NODEPORTS and KUBE-SERVICES rules are stably sorted by the service name in
 * their comment (the text before the first space or colon) and the nat KUBE-SERVICES rule
 * whose comment says "must be the last rule" stays last.
 *
 * Contract: pure; a chain is declared once; rules keep their argument text exactly.
 * Upstream: pkg/proxy/iptables/proxier_test.go (sortIPTablesRules, orderByCommentServiceName),
 * pkg/util/iptables/testing/parse.go (IPTablesDump.String)
 */

interface Rule {
  line: string;
  /** The comment's text (unquoted), or undefined: the sort key source. */
  comment: string | undefined;
}

export class IptablesTable {
  private readonly chains = new Map<string, Rule[]>();

  constructor(readonly name: string) {}

  declare(chain: string): void {
    if (!this.chains.has(chain)) this.chains.set(chain, []);
  }

  /**
   * Appends `-A chain args...`. A rule may come before its chain's declaration (kube-proxy
   * writes chain and rule lines to separate buffers); the chain is declared with it.
   */
  append(chain: string, args: readonly string[]): void {
    let rules = this.chains.get(chain);
    if (rules === undefined) {
      rules = [];
      this.chains.set(chain, rules);
    }
    const at = args.indexOf('--comment');
    const comment = at >= 0 ? args[at + 1]?.replace(/^"(.*)"$/, '$1') : undefined;
    rules.push({ line: ['-A', chain, ...args].join(' '), comment });
  }

  has(chain: string): boolean {
    return this.chains.has(chain);
  }

  print(): string {
    const names = [...this.chains.keys()].sort(compareChains);
    let out = `*${this.name}\n`;
    for (const name of names) out += `:${name} - [0:0]\n`;
    for (const name of names) {
      for (const rule of this.sortedRules(name)) out += `${rule.line}\n`;
    }
    return `${out}COMMIT\n`;
  }

  private sortedRules(chain: string): Rule[] {
    const rules = this.chains.get(chain) ?? [];
    if (chain !== 'KUBE-NODEPORTS' && chain !== 'KUBE-SERVICES') return rules;
    const last = (r: Rule): boolean => this.name === 'nat' && chain === 'KUBE-SERVICES' && (r.comment ?? '').includes('must be the last rule');
    // Array.prototype.sort is stable, as Go's sort.SliceStable.
    return [...rules].sort((a, b) => {
      if (last(a) !== last(b)) return last(a) ? 1 : -1;
      if (a.comment === undefined || b.comment === undefined) return 0;
      const x = serviceOf(a.comment);
      const y = serviceOf(b.comment);
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }
}

function serviceOf(comment: string): string {
  const i = comment.search(/[ :]/);
  return i === -1 ? comment : comment.slice(0, i);
}

function rank(chain: string): number {
  if (chain === 'KUBE-NODEPORTS') return 0;
  if (chain === 'KUBE-SERVICES') return 1;
  return chain.startsWith('KUBE-') ? 2 : 3;
}

function compareChains(a: string, b: string): number {
  const d = rank(a) - rank(b);
  if (d !== 0) return d;
  return a < b ? -1 : a > b ? 1 : 0;
}
