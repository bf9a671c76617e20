import { describe, expect, it } from 'vitest';
import { HOME } from '../fs';
import { createHarness } from '../harness';

const LINES = 'banane\npomme\ncerise\npomme\nabricot\n';
const TABLE = 'web 3 Running\napi 10 Pending\ndb 1 Running\n';

async function run(script: string, stdin = '') {
  const harness = createHarness();
  harness.fs.writeFile(`${HOME}/fruits.txt`, LINES);
  harness.fs.writeFile(`${HOME}/pods.txt`, TABLE);
  return harness.run(script, stdin);
}

describe('text commands', () => {
  it.each([
    ['head -n 2 fruits.txt', 'banane\npomme\n'],
    ['head -2 fruits.txt', 'banane\npomme\n'],
    ['tail -n 2 fruits.txt', 'pomme\nabricot\n'],
    ['tail -n +4 fruits.txt', 'pomme\nabricot\n'],
    ['printf "a\\nb" | tail -n 1', 'b'],
    ['head -n 1 fruits.txt pods.txt', '==> fruits.txt <==\nbanane\n\n==> pods.txt <==\nweb 3 Running\n'],
    ['wc -l fruits.txt', '5 fruits.txt\n'],
    ['wc fruits.txt', ' 5  5 34 fruits.txt\n'],
    ['cat fruits.txt | wc -l', '5\n'],
    ['cat fruits.txt | wc', '      5       5      34\n'],
    ['wc -l fruits.txt pods.txt', ' 5 fruits.txt\n 3 pods.txt\n 8 total\n'],
    ['sort fruits.txt', 'abricot\nbanane\ncerise\npomme\npomme\n'],
    ['sort -u fruits.txt', 'abricot\nbanane\ncerise\npomme\n'],
    ['sort -r fruits.txt | head -1', 'pomme\n'],
    ['sort -k2 -n pods.txt', 'db 1 Running\nweb 3 Running\napi 10 Pending\n'],
    ['sort -k 2 pods.txt', 'db 1 Running\napi 10 Pending\nweb 3 Running\n'],
    ['sort fruits.txt | uniq -c', '      1 abricot\n      1 banane\n      1 cerise\n      2 pomme\n'],
    ['sort fruits.txt | uniq -d', 'pomme\n'],
    ['cut -d " " -f 1,3 pods.txt', 'web Running\napi Pending\ndb Running\n'],
    ['cut -c 1-3 fruits.txt | head -1', 'ban\n'],
    ['echo hello | tr a-z A-Z', 'HELLO\n'],
    ['echo "a  b   c" | tr -s " "', 'a b c\n'],
    ['echo hello | tr -d l', 'heo\n'],
    ["echo 'a:b' | tr ':' '\\n'", 'a\nb\n'],
    ['echo -n admin | base64', 'YWRtaW4=\n'],
    ['echo YWRtaW4= | base64 -d', 'admin'],
    ['printf "%s" "$(seq 60)" | base64 -w0 | base64 -d | wc -l', '59\n'],
    ['echo secret | tee copy.txt; cat copy.txt', 'secret\nsecret\n'],
    ['grep pomme fruits.txt', 'pomme\npomme\n'],
    ['grep -c pomme fruits.txt', '2\n'],
    ['grep -n -i POMME fruits.txt', '2:pomme\n4:pomme\n'],
    ['grep -v pomme fruits.txt', 'banane\ncerise\nabricot\n'],
    ['grep -E "^(web|db) " pods.txt', 'web 3 Running\ndb 1 Running\n'],
    ['grep "Running$" pods.txt', 'web 3 Running\ndb 1 Running\n'],
    ['grep "[[:digit:]]\\{2\\}" pods.txt', 'api 10 Pending\n'],
    ['grep -o "[0-9]*" pods.txt', '3\n10\n1\n'],
    ['grep Running pods.txt fruits.txt', 'pods.txt:web 3 Running\npods.txt:db 1 Running\n'],
    ['grep -w web pods.txt', 'web 3 Running\n'],
  ])('%s', async (script, expected) => {
    const result = await run(script);
    expect(result.err).toBe('');
    expect(result.out).toBe(expected);
  });

  it.each([
    ['grep nothing fruits.txt', '', 1],
    ['grep x missing.txt', 'grep: missing.txt: No such file or directory\n', 2],
    ['grep "a(" -E fruits.txt', 'grep: Unmatched ( or \\(\n', 2],
    ['head -n x fruits.txt', "head: invalid number of lines: 'x'\n", 1],
    ['tail missing.txt', "tail: cannot open 'missing.txt' for reading: No such file or directory\n", 1],
    [
      'cut fruits.txt',
      "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n",
      1,
    ],
    [
      'tr a',
      "tr: missing operand after 'a'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n",
      1,
    ],
    ['echo "@@@" | base64 -d', 'base64: invalid input\n', 1],
    ['sort -z fruits.txt', "sort: invalid option -- 'z'\nTry 'sort --help' for more information.\n", 2],
    ['wc --bogus', "wc: unrecognized option '--bogus'\nTry 'wc --help' for more information.\n", 1],
  ])('fails like coreutils: %s', async (script, err, status) => {
    const result = await run(script);
    expect(result.err).toBe(err);
    expect(result.status).toBe(status);
  });
});
