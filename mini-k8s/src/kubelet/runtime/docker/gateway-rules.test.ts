import { describe, expect, it } from 'vitest';
import { gatewayChainName, gatewayRules, isolateGateway, removeGatewayIsolation } from './gateway-rules';

/** fakeIptables keeps INPUT's rules and the chains like iptables would, and records every call. */
function fakeIptables(input: string[] = []) {
  const rules = [...input];
  const chains = new Set<string>();
  const calls: string[] = [];
  const run = async (command: string, args: string[], stdin?: string): Promise<string> => {
    calls.push([command, ...args].join(' '));
    if (command === 'iptables-restore') {
      for (const m of (stdin ?? '').matchAll(/^:(\S+)/gm)) chains.add(m[1]);
      return '';
    }
    const [, , , op, ...rest] = args;
    if (op === '-S') return ['-P INPUT ACCEPT', ...rules.map((r) => `-A ${r}`)].join('\n') + '\n';
    if (op === '-I') rules.unshift(rest.join(' '));
    if (op === '-D') {
      const at = rules.indexOf(rest.join(' '));
      if (at < 0) throw new Error('iptables: Bad rule (does a matching rule exist in that chain?).');
      rules.splice(at, 1);
    }
    if (op === '-F' && !chains.has(rest[0])) throw new Error('iptables: No chain/target/match by that name.');
    if (op === '-X') chains.delete(rest[0]);
    return '';
  };
  return { run, rules, chains, calls };
}

const target = { sandboxId: 's1', bridge: 'br-0123456789ab', gateway: '10.200.3.1' };
const chain = gatewayChainName('s1');

describe('gateway rules', () => {
  it('names a chain per sandbox within iptables limits', () => {
    expect(chain).toMatch(/^ATL-GW-[0-9A-F]{16}$/);
    expect(chain.length).toBeLessThanOrEqual(28);
    expect(gatewayChainName('s2')).not.toBe(chain);
  });

  it('keeps replies and the own gateway, drops every other host address', () => {
    expect(gatewayRules(chain, '10.200.3.1')).toBe(
      [
        '*filter',
        `:${chain} - [0:0]`,
        `-A ${chain} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN`,
        `-A ${chain} -d 10.200.3.1/32 -m comment --comment "own gateway" -j RETURN`,
        `-A ${chain} -m comment --comment "other host addresses" -j DROP`,
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it('inserts one jump first in INPUT and is idempotent', async () => {
    const ipt = fakeIptables(['INPUT -i lo -j ACCEPT']);
    await isolateGateway(target, ipt.run);
    await isolateGateway(target, ipt.run);
    await Promise.all([isolateGateway(target, ipt.run), isolateGateway(target, ipt.run)]);
    expect(ipt.rules).toEqual([`INPUT -i br-0123456789ab -j ${chain}`, 'INPUT -i lo -j ACCEPT']);
    expect(ipt.chains).toEqual(new Set([chain]));
  });

  it('deletes duplicate jumps and jumps naming a previous bridge of the sandbox', async () => {
    const ipt = fakeIptables([
      `INPUT -i br-0123456789ab -j ${chain}`,
      `INPUT -i br-0123456789ab -j ${chain}`,
      `INPUT -i br-old000000000 -j ${chain}`,
      `INPUT -i br-other0000000 -j ${gatewayChainName('s2')}`,
    ]);
    await isolateGateway(target, ipt.run);
    expect(ipt.rules).toEqual([
      `INPUT -i br-0123456789ab -j ${chain}`,
      `INPUT -i br-other0000000 -j ${gatewayChainName('s2')}`,
    ]);
  });

  it('refuses a network without a gateway address', async () => {
    const ipt = fakeIptables();
    await expect(isolateGateway({ ...target, gateway: '' }, ipt.run)).rejects.toThrow(/no gateway address/);
    expect(ipt.calls).toEqual([]);
  });

  it("removes the sandbox's jumps and chain only, and accepts a missing chain", async () => {
    const ipt = fakeIptables([`INPUT -i br-other0000000 -j ${gatewayChainName('s2')}`]);
    await isolateGateway(target, ipt.run);
    await removeGatewayIsolation('s1', ipt.run);
    expect(ipt.rules).toEqual([`INPUT -i br-other0000000 -j ${gatewayChainName('s2')}`]);
    expect(ipt.chains.has(chain)).toBe(false);
    await expect(removeGatewayIsolation('s1', ipt.run)).resolves.toBeUndefined();
  });
});
