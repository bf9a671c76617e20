import { describe, expect, it } from 'vitest';
import { HOME } from '../fs';
import { createHarness } from '../harness';
import type { HttpFunction, HttpResponse } from '../types';
import { formatDate, formatPrintf } from './basic';
import { watchHeader } from './watch';
import { splitXargsInput } from './xargs';

const NOW = new Date(Date.UTC(2026, 10, 29, 14, 6, 8));

describe('small commands', () => {
  it.each([
    ['echo -e "a\\x41\\101\\c ignored"', 'aAA'],
    ['echo -n -e "x\\ty"', 'x\ty'],
    ['echo -- -n', '-- -n\n'],
    ['printf "%5.1f|%x|%c|%%\\n" 3.14159 255 hello', '  3.1|ff|h|%\n'],
    ['printf "%s\\n" a b c', 'a\nb\nc\n'],
    ['seq 2 2 8', '2\n4\n6\n8\n'],
    ['hostname', 'atelier\n'],
    ['seq -s , 3', '1,2,3\n'],
    ['seq -w 8 10', '08\n09\n10\n'],
    ['date', 'Sun Nov 29 14:06:08 UTC 2026\n'],
    ['date +%Y-%m-%dT%H:%M:%S', '2026-11-29T14:06:08\n'],
    ['date -u +%s', `${NOW.getTime() / 1000}\n`],
    ['env | grep ^HOME=', `HOME=${HOME}\n`],
    ['FOO=bar env | grep FOO', 'FOO=bar\n'],
    ['which ls cd; echo $?', '/usr/bin/ls\n1\n'],
    ['echo a b | xargs -n 1', 'a\nb\n'],
    ['true; echo $?; false; echo $?', '0\n1\n'],
    ['history', ''],
    ['unset HOME; echo "[$HOME]"', '[]\n'],
    ['export A=1; export | grep A=', 'declare -x A="1"\n'],
  ])('%s', async (script, expected) => {
    const result = await createHarness({ now: () => NOW }).run(script);
    expect(result.err).toBe('');
    expect(result.out).toBe(expected);
  });

  it.each([
    ['sleep x', "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n", 1],
    ['seq', "seq: missing operand\nTry 'seq --help' for more information.\n", 1],
    ['date +%Y extra', "date: extra operand 'extra'\nTry 'date --help' for more information.\n", 1],
    ['cd a b', 'bash: cd: too many arguments\n', 1],
    ['unalias nope', 'bash: unalias: nope: not found\n', 1],
    ['exit abc', 'bash: exit: abc: numeric argument required\n', 2],
    [
      'printf "a \'b\\n" | xargs',
      'xargs: unmatched single quote; by default quotes are special to xargs unless you use the -0 option\n',
      1,
    ],
  ])('fails like bash and coreutils: %s', async (script, err, status) => {
    const result = await createHarness().run(script);
    expect(result.err).toBe(err);
    expect(result.status).toBe(status);
  });

  it('formats dates and printf conversions', () => {
    expect(formatDate(NOW, '%a %b %e %H:%M:%S %Y')).toBe('Sun Nov 29 14:06:08 2026');
    expect(formatDate(new Date(Date.UTC(2026, 0, 5)), '%e|%j|%F')).toBe(' 5|005|2026-01-05');
    expect(formatPrintf('%-5s|%05d|%+d', ['ab', '42', '3']).text).toBe('ab   |00042|+3');
    expect(formatPrintf('%d', ['abc'])).toEqual({ text: '0', errors: ["printf: 'abc': invalid number"] });
  });

  it('splits xargs input with quotes and escapes', () => {
    expect(splitXargsInput(`a "b c" d\\ e\n'f'`)).toEqual(['a', 'b c', 'd e', 'f']);
  });

  it.each([
    [80, `Every 2.0s: kubectl get pods${' '.repeat(19)}atelier: Sun Nov 29 14:06:08 2026`],
    [50, 'Every 2.0s: k... atelier: Sun Nov 29 14:06:08 2026'],
    [35, '  atelier: Sun Nov 29 14:06:08 2026'],
    [20, ''],
  ])('builds the procps watch header for %i columns', (width, header) => {
    expect(watchHeader(2, 'kubectl get pods', 'atelier', NOW, width)).toBe(header);
    expect(header.length === 0 || header.length === width).toBe(true);
  });

  it('shows a French help listing the commands', async () => {
    const result = await createHarness().run('help');
    expect(result.out).toContain('Terminal de l’Atelier Kubernetes');
    expect(result.out).toContain('watch -n N COMMANDE');
  });
});

describe('curl and wget', () => {
  const http: HttpFunction = async (url, request): Promise<HttpResponse> => {
    if (url.includes('refused')) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    if (url.includes('unknown')) throw Object.assign(new Error('unknown'), { code: 'ENOTFOUND' });
    if (url.endsWith('/missing'))
      return { status: 404, statusText: 'Not Found', headers: {}, body: 'not found\n' };
    return {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'text/plain' },
      body: `${request.method} ${url} ${request.body ?? ''}\n`,
    };
  };

  it.each([
    ['curl http://web', 'GET http://web/ \n', '', 0],
    ['curl -X POST -d a=1 web:8080/api', 'POST http://web:8080/api a=1\n', '', 0],
    ['curl -i web', 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nGET http://web/ \n', '', 0],
    ['curl -s -o /dev/null -w "%{http_code}" web/missing', '404', '', 0],
    ['curl -f web/missing', '', 'curl: (22) The requested URL returned error: 404\n', 22],
    ['curl unknown', '', 'curl: (6) Could not resolve host: unknown\n', 6],
    ['curl -s unknown', '', '', 6],
    ['curl ftp://x', '', 'curl: (1) Protocol "ftp" not supported\n', 1],
    ['wget -qO- web', 'GET http://web/ \n', '', 0],
    ['wget -q unknown', '', "wget: unable to resolve host address 'unknown'\n", 4],
  ])('%s', async (script, out, err, status) => {
    const result = await createHarness({ http }).run(script);
    expect(result).toEqual({ status, out, err });
  });

  it('saves with wget and reports refused connections with curl', async () => {
    const h = createHarness({ http, now: () => NOW });
    const saved = await h.run('wget http://web/index.html');
    expect(saved.status).toBe(0);
    expect(h.fs.readFile(`${HOME}/index.html`)).toBe('GET http://web/index.html \n');
    expect(saved.err).toContain("Saving to: 'index.html'");
    const refused = await h.run('curl refused:9000');
    expect(refused.err).toMatch(
      /^curl: \(7\) Failed to connect to refused port 9000 after \d+ ms: Couldn't connect to server\n$/,
    );
  });
});
