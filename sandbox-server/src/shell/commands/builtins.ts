// Shell builtins that read or change the shell's own state: cd, pwd, export, unset, env, alias, type, which...
import { HOME } from '../fs';
import type { Command } from '../types';
import { abs } from './common';
import { getopts, usageError } from './options';

/** SHELL_ONLY_BUILTINS exist only inside bash (no /usr/bin file): `which` does not find them. */
export const SHELL_ONLY_BUILTINS = new Set([
  'cd',
  'export',
  'unset',
  'alias',
  'unalias',
  'exit',
  'history',
  'type',
  'help',
  'break',
  'continue',
  'source',
  '.',
]);

/** BASH_BUILTINS are what `type` calls `a shell builtin` (bash also has echo, printf, pwd, true, false). */
export const BASH_BUILTINS = new Set([
  ...SHELL_ONLY_BUILTINS,
  'echo',
  'printf',
  'pwd',
  'true',
  'false',
  'test',
  '[',
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const cd: Command = async (ctx) => {
  const args = ctx.argv.slice(1).filter((arg, i) => !(i === 0 && arg === '--'));
  if (args.length > 1) {
    await ctx.stderr.write('bash: cd: too many arguments\n');
    return 1;
  }
  let target = args[0] ?? ctx.shell.getVar('HOME') ?? HOME;
  if (target === '-') {
    const previous = ctx.shell.getVar('OLDPWD');
    if (previous === undefined) {
      await ctx.stderr.write('bash: cd: OLDPWD not set\n');
      return 1;
    }
    target = previous;
    await ctx.stdout.write(`${previous}\n`);
  }
  const path = abs(ctx, target);
  const stat = ctx.fs.stat(path);
  if (!stat || stat.kind !== 'dir') {
    await ctx.stderr.write(
      `bash: cd: ${target}: ${stat ? 'Not a directory' : 'No such file or directory'}\n`,
    );
    return 1;
  }
  ctx.shell.setCwd(path);
  return 0;
};

export const pwd: Command = async (ctx) => {
  await ctx.stdout.write(`${ctx.cwd}\n`);
  return 0;
};

function declareLine(name: string, value: string): string {
  return `declare -x ${name}="${value.replace(/(["\\$`])/g, '\\$1')}"`;
}

export const exportCommand: Command = async (ctx) => {
  const args = ctx.argv.slice(1).filter((a) => a !== '-p' && a !== '--');
  if (args.length === 0) {
    const vars = ctx.shell.exportedVars();
    const lines = Object.keys(vars)
      .sort()
      .map((name) => declareLine(name, vars[name]));
    await ctx.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    return 0;
  }
  let status = 0;
  for (const arg of args) {
    const index = arg.indexOf('=');
    const name = index < 0 ? arg : arg.slice(0, index);
    if (!NAME.test(name)) {
      await ctx.stderr.write(`bash: export: \`${arg}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    if (index < 0) ctx.shell.exportVar(name);
    else ctx.shell.setVar(name, arg.slice(index + 1), true);
  }
  return status;
};

export const unset: Command = async (ctx) => {
  let status = 0;
  for (const name of ctx.argv.slice(1)) {
    if (name === '-v' || name === '-f') continue;
    if (!NAME.test(name)) {
      await ctx.stderr.write(`bash: unset: \`${name}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    ctx.shell.unsetVar(name);
  }
  return status;
};

export const env: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  const extra: Record<string, string> = {};
  while (args.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[0])) {
    const arg = args.shift() as string;
    extra[arg.slice(0, arg.indexOf('='))] = arg.slice(arg.indexOf('=') + 1);
  }
  if (args.length > 0) {
    if (args[0].startsWith('-'))
      return usageError(ctx, 'env', `invalid option -- '${args[0].slice(1, 2)}'`, 125);
    return ctx.shell.runArgv(args, { ...ctx, env: { ...ctx.env, ...extra } });
  }
  const vars = { ...ctx.env, ...extra };
  await ctx.stdout.write(
    Object.entries(vars)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );
  return 0;
};

export const which: Command = async (ctx) => {
  const opts = await getopts(ctx, { flags: 'as', usage: 'Usage: which [-as] args' });
  if (typeof opts === 'number') return opts;
  let status = opts.operands.length === 0 ? 1 : 0;
  for (const name of opts.operands) {
    const kind = ctx.shell.lookup(name);
    const known = ctx.shell.commandNames().includes(name) && !SHELL_ONLY_BUILTINS.has(name);
    if (!known) {
      status = 1;
      continue;
    }
    await ctx.stdout.write(`${kind.kind === 'command' ? kind.path : `/usr/bin/${name}`}\n`);
  }
  return status;
};

export const type: Command = async (ctx) => {
  let status = 0;
  for (const name of ctx.argv.slice(1)) {
    const kind = ctx.shell.lookup(name);
    if (kind.kind === 'alias') await ctx.stdout.write(`${name} is aliased to \`${kind.value}'\n`);
    else if (kind.kind === 'builtin') await ctx.stdout.write(`${name} is a shell builtin\n`);
    else if (kind.kind === 'command') await ctx.stdout.write(`${name} is ${kind.path}\n`);
    else {
      await ctx.stderr.write(`bash: type: ${name}: not found\n`);
      status = 1;
    }
  }
  return status;
};

function quoteAlias(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

export const alias: Command = async (ctx) => {
  const args = ctx.argv.slice(1).filter((a) => a !== '-p');
  if (args.length === 0) {
    const lines = [...ctx.shell.aliases.keys()]
      .sort()
      .map((n) => `alias ${n}=${quoteAlias(ctx.shell.aliases.get(n) as string)}\n`);
    await ctx.stdout.write(lines.join(''));
    return 0;
  }
  let status = 0;
  for (const arg of args) {
    const index = arg.indexOf('=');
    if (index < 0) {
      const value = ctx.shell.aliases.get(arg);
      if (value === undefined) {
        await ctx.stderr.write(`bash: alias: ${arg}: not found\n`);
        status = 1;
      } else {
        await ctx.stdout.write(`alias ${arg}=${quoteAlias(value)}\n`);
      }
      continue;
    }
    const name = arg.slice(0, index);
    if (name === '' || /[\s/$`=|&;()<>'"\\]/.test(name)) {
      await ctx.stderr.write(`bash: alias: \`${name}': invalid alias name\n`);
      status = 1;
      continue;
    }
    ctx.shell.aliases.set(name, arg.slice(index + 1));
  }
  return status;
};

export const unalias: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (args.length === 0) {
    await ctx.stderr.write('unalias: usage: unalias [-a] name [name ...]\n');
    return 2;
  }
  if (args.includes('-a')) {
    ctx.shell.aliases.clear();
    return 0;
  }
  let status = 0;
  for (const name of args) {
    if (!ctx.shell.aliases.delete(name)) {
      await ctx.stderr.write(`bash: unalias: ${name}: not found\n`);
      status = 1;
    }
  }
  return status;
};

/** CLEAR_SCREEN is what `clear` writes for TERM=xterm-256color: home, erase screen, erase scrollback. */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';

export const clear: Command = async (ctx) => {
  await ctx.stdout.write(CLEAR_SCREEN);
  return 0;
};

export const history: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (args[0] === '-c') {
    ctx.shell.clearHistory();
    return 0;
  }
  const entries = ctx.shell.history();
  let start = 0;
  if (args[0] !== undefined) {
    if (!/^\d+$/.test(args[0])) {
      await ctx.stderr.write(`bash: history: ${args[0]}: numeric argument required\n`);
      return 1;
    }
    start = Math.max(0, entries.length - Number(args[0]));
  }
  const lines = entries.slice(start).map((entry, i) => `${String(start + i + 1).padStart(5)}  ${entry}\n`);
  await ctx.stdout.write(lines.join(''));
  return 0;
};

export const exit: Command = async (ctx) => {
  const arg = ctx.argv[1];
  let status = Number(ctx.shell.getVar('?') ?? '0');
  if (arg !== undefined) {
    if (!/^[+-]?\d+$/.test(arg)) {
      await ctx.stderr.write(`bash: exit: ${arg}: numeric argument required\n`);
      status = 2;
    } else if (ctx.argv.length > 2) {
      await ctx.stderr.write('bash: exit: too many arguments\n');
      return 1;
    } else {
      status = ((Number(arg) % 256) + 256) % 256;
    }
  }
  ctx.shell.requestExit(status);
  return status;
};

const HELP: [string, string][] = [
  ['kubectl (k)', 'piloter le cluster du bac à sable'],
  ['ls [-l -a -1]', 'lister les fichiers'],
  ['cd DOSSIER, pwd', 'changer de dossier, afficher le dossier courant'],
  ['cat, head, tail', 'afficher un fichier (en entier, le début, la fin)'],
  ['echo, printf', 'écrire du texte'],
  ['mkdir, touch', 'créer un dossier, un fichier vide'],
  ['cp, mv, rm', 'copier, déplacer, supprimer'],
  ['grep, wc, sort, uniq, cut, tr', 'filtrer et transformer du texte'],
  ['base64 [-d]', 'encoder ou décoder en base64 (utile pour les Secrets)'],
  ['tee, xargs, seq, yes', 'outils de tuyauterie'],
  ['vi, vim, nano, edit FICHIER', "modifier un fichier (dans l'éditeur de la page s'il est ouvert)"],
  ['curl, wget URL', 'interroger un Service ou un Ingress du cluster'],
  ['watch -n N COMMANDE', 'relancer une commande toutes les N secondes (Ctrl-C pour arrêter)'],
  ['sleep, date', 'attendre, afficher la date'],
  ['env, export, unset', 'variables d’environnement'],
  ['alias, unalias, type, which', 'raccourcis et recherche de commandes'],
  ['history, clear, exit', 'historique, effacer l’écran, quitter'],
];

export const help: Command = async (ctx) => {
  const width = Math.max(...HELP.map(([command]) => command.length));
  const lines = [
    'Terminal de l’Atelier Kubernetes : un shell de type bash, sur un système de fichiers à vous.',
    '',
    ...HELP.map(([command, text]) => `  ${command.padEnd(width)}  ${text}`),
    '',
    'Syntaxe : tubes |, &&, ||, ;, redirections > >> < 2>&1, heredocs <<EOF, $VAR, $(commande), if/for/while.',
    'Touches : flèches et Ctrl-R pour l’historique, Tab pour compléter, Ctrl-C pour interrompre, Ctrl-L pour effacer.',
    `Commandes disponibles : ${ctx.shell.commandNames().join(' ')}`,
  ];
  await ctx.stdout.write(`${lines.join('\n')}\n`);
  return 0;
};
