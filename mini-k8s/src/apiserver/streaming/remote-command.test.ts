import { describe, expect, it } from 'vitest';
import { parseLogRequest } from './log';
import { ResizeDecoder, parseRemoteCommandParams, statusForExit } from './remote-command';

describe('remote command', () => {
  it.each([
    [{ exitCode: 0 }, { metadata: {}, status: 'Success' }],
    [
      { exitCode: 3 },
      {
        metadata: {},
        status: 'Failure',
        message: "command terminated with non-zero exit code: command 'sh -c exit 3' exited with 3: ",
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '3' }] },
      },
    ],
    [
      { error: 'boom' },
      { metadata: {}, status: 'Failure', message: 'Internal error occurred: boom', reason: 'InternalError' },
    ],
  ])('maps %j to its Status', (exit, status) => {
    expect(statusForExit(exit, ['sh', '-c', 'exit 3'])).toEqual(status);
  });

  it('decodes resize objects split across chunks', () => {
    const decoder = new ResizeDecoder();
    const encode = (text: string) => new TextEncoder().encode(text);
    expect(decoder.push(encode('{"Width":80,'))).toEqual([]);
    expect(decoder.push(encode('"Height":24}\n{"Width":0,"Height":0}\n'))).toEqual([
      { width: 80, height: 24 },
      { width: 0, height: 0 },
    ]);
  });

  it('parses exec parameters and drops stderr with a tty', () => {
    const query = new URLSearchParams('command=sh&container=c&stdin=true&stdout=true&stderr=true&tty=true');
    expect(parseRemoteCommandParams(query, 'exec')).toEqual({
      command: ['sh'],
      container: 'c',
      stdin: true,
      stdout: true,
      stderr: false,
      tty: true,
    });
    expect(() => parseRemoteCommandParams(new URLSearchParams('stdout=true'), 'exec')).toThrow(
      'you must specify at least one command for the container',
    );
    expect(() => parseRemoteCommandParams(new URLSearchParams('command=ls'), 'exec')).toThrow(
      'you must specify at least 1 of stdin, stdout, stderr',
    );
  });
});

describe('parseLogRequest', () => {
  it('reads every option', () => {
    const query = new URLSearchParams('follow=true&tailLines=2&timestamps=1&previous=false&limitBytes=10');
    expect(parseLogRequest(query, 'web')).toEqual({
      follow: true,
      timestamps: true,
      previous: false,
      tailLines: 2,
      limitBytes: 10,
    });
  });

  it.each([
    [
      'tailLines=-1',
      'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
    ],
    ['limitBytes=0', 'PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0'],
    [
      'sinceSeconds=0',
      'PodLogOptions "web" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0',
    ],
    ['tailLines=x', 'strconv.ParseInt: parsing "x": invalid syntax'],
    ['follow=maybe', 'strconv.ParseBool: parsing "maybe": invalid syntax'],
  ])('rejects %s', (text, message) => {
    expect(() => parseLogRequest(new URLSearchParams(text), 'web')).toThrow(message);
  });
});
