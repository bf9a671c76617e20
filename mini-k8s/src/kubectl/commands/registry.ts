/**
 * COMMANDS lists every kubectl subcommand; each lives in its own file under commands/.
 */
import type { Command } from '../cmdutil/context';
import { apiResourcesCommand } from './api-resources';
import { apiVersionsCommand } from './api-versions';
import { applyCommand } from './apply';
import { attachCommand } from './attach';
import { authCommand } from './auth';
import { autoscaleCommand } from './autoscale';
import { certificateCommand } from './certificate';
import { clusterInfoCommand } from './cluster-info';
import { configCommand } from './config';
import { cordonCommand, uncordonCommand } from './cordon';
import { createCommand } from './create';
import { debugCommand } from './debug';
import { deleteCommand } from './delete';
import { describeCommand } from './describe';
import { diffCommand } from './diff';
import { drainCommand } from './drain';
import { editCommand } from './edit';
import { eventsCommand } from './events';
import { execCommand } from './exec';
import { explainCommand } from './explain';
import { exposeCommand } from './expose';
import { getCommand } from './get';
import { annotateCommand, labelCommand } from './label';
import { logsCommand } from './logs';
import { optionsCommand } from './options';
import { patchCommand } from './patch';
import { portForwardCommand } from './port-forward';
import { rolloutCommand } from './rollout';
import { replaceCommand } from './replace';
import { runCommand } from './run';
import { scaleCommand } from './scale';
import { setCommand } from './set';
import { taintCommand } from './taint';
import { topCommand } from './top';
import { versionCommand } from './version';
import { waitCommand } from './wait';

export const COMMANDS: Command[] = [
  getCommand,
  applyCommand,
  diffCommand,
  createCommand,
  deleteCommand,
  labelCommand,
  patchCommand,
  editCommand,
  replaceCommand,
  eventsCommand,
  annotateCommand,
  describeCommand,
  explainCommand,
  logsCommand,
  execCommand,
  attachCommand,
  debugCommand,
  portForwardCommand,
  scaleCommand,
  rolloutCommand,
  runCommand,
  exposeCommand,
  autoscaleCommand,
  setCommand,
  configCommand,
  topCommand,
  clusterInfoCommand,
  authCommand,
  certificateCommand,
  cordonCommand,
  uncordonCommand,
  drainCommand,
  taintCommand,
  apiResourcesCommand,
  apiVersionsCommand,
  waitCommand,
  versionCommand,
  optionsCommand,
];
