import { describe, expect, it } from 'vitest';
import { expandHeredoc, glob } from './expand';
import type { ExpandContext } from './expand';
import { HOME, VirtualFs } from './fs';

describe('expansion', () => {
  it('globs relative and absolute paths in the virtual FS', () => {
    const fs = new VirtualFs();
    fs.mkdir(`${HOME}/k8s`);
    for (const name of ['a.yaml', 'b.yaml', '.c.yaml']) fs.writeFile(`${HOME}/k8s/${name}`, '');
    expect(glob('k8s/*.yaml', HOME, fs)).toEqual(['k8s/a.yaml', 'k8s/b.yaml']);
    expect(glob('/home/*/k8s/.*.yaml', '/', fs)).toEqual(['/home/apprenant/k8s/.c.yaml']);
    expect(glob('*/', HOME, fs)).toEqual(['k8s/']);
    expect(glob('nothing*', HOME, fs)).toEqual([]);
  });

  it('expands heredoc bodies', async () => {
    const vars: Record<string, string> = { NAME: 'web', EMPTY: '' };
    const ctx: ExpandContext = {
      getVar: (name) => vars[name],
      setVar: () => {},
      home: HOME,
      cwd: HOME,
      fs: new VirtualFs(),
      substitute: async (source) => `<${source}>\n`,
    };
    expect(await expandHeredoc('name: $NAME ${EMPTY:-x} \\$NAME $(id)\n', ctx)).toBe(
      'name: web x $NAME <id>\n',
    );
  });
});
