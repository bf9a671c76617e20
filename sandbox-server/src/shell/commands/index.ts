// The command registry of the shell: every builtin and command by name.
import type { Command } from '../types';
import { date, echo, falseCommand, hostname, printf, seq, sleep, trueCommand, yes } from './basic';
import {
  BASH_BUILTINS,
  alias,
  cd,
  clear,
  env,
  exit,
  exportCommand,
  help,
  history,
  pwd,
  type,
  unalias,
  unset,
  which,
} from './builtins';
import { editor } from './editor';
import { cat, chmod, cp, ls, mkdir, mv, rm, touch } from './files';
import { bash, source, test } from './scripting';
import { grep } from './grep';
import { curl, wget } from './http';
import { base64, cut, head, sort, tail, tee, tr, uniq, wc } from './text';
import { watch } from './watch';
import { xargs } from './xargs';

/** CommandRegistry is what the interpreter runs: commands by name, and which of them are bash builtins. */
export interface CommandRegistry {
  commands: Map<string, Command>;
  builtinNames: ReadonlySet<string>;
}

/**
 * createCommandRegistry builds the registry. `kubectl` is added only when given: without it, typing kubectl
 * gives bash's `command not found`, exactly like a machine without kubectl. `extra` commands override.
 */
export function createCommandRegistry(
  options: { kubectl?: Command; extra?: Record<string, Command> } = {},
): CommandRegistry {
  const commands = new Map<string, Command>(
    Object.entries({
      alias,
      base64,
      cat,
      cd,
      clear,
      cp,
      curl,
      cut,
      date,
      echo,
      env,
      exit,
      export: exportCommand,
      false: falseCommand,
      grep,
      head,
      help,
      history,
      ls,
      mkdir,
      mv,
      printf,
      pwd,
      rm,
      seq,
      hostname,
      sleep,
      sort,
      tail,
      tee,
      touch,
      tr,
      true: trueCommand,
      type,
      unalias,
      uniq,
      unset,
      watch,
      wc,
      wget,
      which,
      xargs,
      yes,
      chmod,
      bash,
      sh: bash,
      source,
      '.': source,
      test,
      '[': test,
      vi: editor,
      vim: editor,
      nano: editor,
      edit: editor,
    }),
  );
  if (options.kubectl) commands.set('kubectl', options.kubectl);
  for (const [name, command] of Object.entries(options.extra ?? {})) commands.set(name, command);
  return { commands, builtinNames: BASH_BUILTINS };
}
