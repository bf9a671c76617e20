import { describe, expect, it } from 'vitest';
import { FlagError, type FlagSpec, parseFlags } from './flags';

const specs: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'replicas', type: 'int', default: 1 },
  { name: 'label-columns', short: 'L', type: 'stringSlice' },
  { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
];

describe('parseFlags', () => {
  it('parses long, short, grouped, interspersed flags and --', () => {
    const p = parseFlags(
      ['get', '-nkube-system', 'pods', '-Aw', '--replicas=3', '-L', 'a,b', '-L', 'c', '--', 'x'],
      specs,
    );
    expect(p.args).toEqual(['get', 'pods']);
    expect(p.values.get('namespace')).toBe('kube-system');
    expect(p.values.get('all-namespaces')).toBe(true);
    expect(p.values.get('watch')).toBe(true);
    expect(p.values.get('replicas')).toBe(3);
    expect(p.values.get('label-columns')).toEqual(['a', 'b', 'c']);
    expect(p.dashArgs).toEqual(['x']);
  });

  it('uses the no-option default', () => {
    expect(parseFlags(['--dry-run'], specs).values.get('dry-run')).toBe('unchanged');
  });

  it.each([
    [['--foo'], 'unknown flag: --foo'],
    [['-z'], "unknown shorthand flag: 'z' in -z"],
    [['-n'], "flag needs an argument: 'n' in -n"],
    [['--namespace'], 'flag needs an argument: --namespace'],
    [
      ['--replicas=x'],
      'invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax',
    ],
  ])('rejects %j', (argv, message) => {
    expect(() => parseFlags(argv, specs)).toThrow(new FlagError(message));
  });
});
