// vi / vim / nano / edit: the page's editor when a page is attached, else a small line editor in the terminal.
import { readLines } from '../io';
import type { Command, CommandContext } from '../types';
import { abs, errorMessage } from './common';

/** LINE_EDITOR_HELP is the French help line of the terminal line editor. */
export const LINE_EDITOR_HELP =
  'Commandes : p (afficher) · a (ajouter à la fin) · i N (insérer avant la ligne N) · c N (remplacer la ligne N) · ' +
  'd N[,M] (supprimer) · w (enregistrer) · q (quitter) · wq (enregistrer et quitter) · q! (quitter sans enregistrer) · h (aide). ' +
  'En saisie, une ligne contenant seulement « . » termine.';

function numbered(lines: string[]): string {
  const width = String(Math.max(1, lines.length)).length;
  return lines.map((line, i) => `${String(i + 1).padStart(width)}  ${line}\n`).join('');
}

/** lineEditor edits `lines` with commands read from stdin; it resolves with the text to save, or undefined. */
async function lineEditor(ctx: CommandContext, name: string, initial: string): Promise<number> {
  const path = abs(ctx, name);
  let lines = initial === '' ? [] : initial.replace(/\n$/, '').split('\n');
  let saved = true;
  const say = (text: string): Promise<void> => ctx.stdout.write(text);
  await say(`Éditeur ligne à ligne : ${name} (${lines.length} lignes)\n${LINE_EDITOR_HELP}\n`);
  if (lines.length > 0) await say(numbered(lines));
  const input = readLines(ctx.stdin)[Symbol.asyncIterator]();
  const readLine = async (): Promise<string | undefined> => {
    const next = await input.next();
    return next.done ? undefined : next.value;
  };
  const readBlock = async (): Promise<string[] | undefined> => {
    const block: string[] = [];
    while (true) {
      const line = await readLine();
      if (line === undefined) return undefined;
      if (line === '.') return block;
      block.push(line);
    }
  };
  const lineNumber = (text: string | undefined, max: number): number | undefined => {
    const n = Number(text);
    return Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;
  };
  while (true) {
    await say(': ');
    const command = await readLine();
    if (command === undefined) {
      await say('\n');
      if (!saved) await say('Fin de saisie : modifications non enregistrées.\n');
      return saved ? 0 : 1;
    }
    const [verb, argument] = command.trim().split(/\s+/, 2);
    switch (verb) {
      case '':
        break;
      case 'p':
        await say(lines.length > 0 ? numbered(lines) : '(fichier vide)\n');
        break;
      case 'h':
        await say(`${LINE_EDITOR_HELP}\n`);
        break;
      case 'a':
      case 'i':
      case 'c': {
        const at =
          verb === 'a'
            ? lines.length + 1
            : lineNumber(argument, verb === 'i' ? lines.length + 1 : lines.length);
        if (at === undefined) {
          await say(`Numéro de ligne invalide : ${argument ?? '(absent)'}\n`);
          break;
        }
        await say('(saisissez le texte ; « . » seul sur une ligne pour terminer)\n');
        const block = await readBlock();
        if (block === undefined) break;
        lines.splice(at - 1, verb === 'c' ? 1 : 0, ...block);
        saved = false;
        break;
      }
      case 'd': {
        const [from, to] = (argument ?? '').split(',');
        const start = lineNumber(from, lines.length);
        const end = to === undefined ? start : lineNumber(to, lines.length);
        if (start === undefined || end === undefined || end < start) {
          await say(`Numéro de ligne invalide : ${argument ?? '(absent)'}\n`);
          break;
        }
        lines.splice(start - 1, end - start + 1);
        saved = false;
        break;
      }
      case 'w':
      case 'wq':
      case 'x':
        try {
          ctx.fs.writeFile(path, lines.length > 0 ? `${lines.join('\n')}\n` : '');
          saved = true;
          await say(`« ${name} » enregistré (${lines.length} lignes).\n`);
        } catch (error) {
          await say(`Impossible d'enregistrer « ${name} » : ${errorMessage(error)}\n`);
          break;
        }
        if (verb !== 'w') return 0;
        break;
      case 'q':
        if (!saved) {
          await say(
            'Modifications non enregistrées : w pour enregistrer, q! pour quitter sans enregistrer.\n',
          );
          break;
        }
        return 0;
      case 'q!':
        return 0;
      default:
        await say(`Commande inconnue : ${verb} (h pour l'aide)\n`);
    }
    lines = [...lines];
  }
}

export const editor: Command = async (ctx) => {
  const name = ctx.argv.slice(1).find((arg) => !arg.startsWith('-') && !arg.startsWith('+'));
  if (name === undefined) {
    await ctx.stderr.write(`${ctx.argv[0]} : indiquez un fichier, par exemple « ${ctx.argv[0]} pod.yaml »\n`);
    return 1;
  }
  const path = abs(ctx, name);
  let content = '';
  if (ctx.fs.exists(path)) {
    try {
      content = ctx.fs.readFile(path);
    } catch (error) {
      await ctx.stderr.write(`${ctx.argv[0]}: ${name}: ${errorMessage(error)}\n`);
      return 1;
    }
  }
  const openEditor = ctx.shell.openEditor;
  if (!openEditor) return lineEditor(ctx, name, content);
  await ctx.stdout.write(`Ouverture de « ${name} » dans l'éditeur de la page (Ctrl-C pour abandonner)…\n`);
  const result = await openEditor(path, content);
  if (result === undefined) {
    await ctx.stdout.write(`Modifications abandonnées : « ${name} » n'a pas changé.\n`);
    return 0;
  }
  try {
    ctx.fs.writeFile(path, result);
  } catch (error) {
    await ctx.stderr.write(`Impossible d'enregistrer « ${name} » : ${errorMessage(error)}\n`);
    return 1;
  }
  const count = result === '' ? 0 : result.replace(/\n$/, '').split('\n').length;
  await ctx.stdout.write(`« ${name} » enregistré (${count} lignes).\n`);
  return 0;
};
