/**
 * COMMANDS lists every kubectl subcommand; each lives in its own file under commands/.
 */
import type { Command } from '../cmdutil/context';
import { applyCommand } from './apply';
import { createCommand } from './create';
import { deleteCommand } from './delete';
import { getCommand } from './get';
import { annotateCommand, labelCommand } from './label';

export const COMMANDS: Command[] = [
  getCommand,
  applyCommand,
  createCommand,
  deleteCommand,
  labelCommand,
  annotateCommand,
];
