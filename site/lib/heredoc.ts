/**
 * Shell commands the lab's editor types into the learner's terminal: the YAML travels as a quoted heredoc
 * (`cat <<'EOF' | kubectl apply -f -`), exactly what a learner would type, so the terminal shows the real
 * kubectl output and the command stays in the shell history.
 */

/** ManifestAction is what the editor's buttons do with the YAML. */
export type ManifestAction = 'apply' | 'diff' | 'dry-run';

const KUBECTL_ARGS: Record<ManifestAction, string> = {
  apply: 'kubectl apply -f -',
  diff: 'kubectl diff -f -',
  'dry-run': 'kubectl apply --dry-run=server -f -',
};

/**
 * heredocDelimiter returns `EOF`, or `EOF_1`, `EOF_2`… when the body has a line equal to the candidate:
 * such a line would end the heredoc early and run the rest of the YAML as shell commands.
 */
export function heredocDelimiter(body: string): string {
  const lines = new Set(body.split(/\r?\n/).map((line) => line.trim()));
  let candidate = 'EOF';
  for (let n = 1; lines.has(candidate); n++) candidate = `EOF_${n}`;
  return candidate;
}

/**
 * manifestCommand builds the heredoc command for `action` over `yaml`, lines separated by `\n` and without
 * a trailing newline. The delimiter is quoted so the shell expands nothing (`$HOME` stays literal). Returns
 * undefined when the YAML is blank: kubectl would only answer "no objects passed".
 */
export function manifestCommand(yaml: string, action: ManifestAction): string | undefined {
  const body = yaml.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  if (body.trim() === '') return undefined;
  const delimiter = heredocDelimiter(body);
  return `cat <<'${delimiter}' | ${KUBECTL_ARGS[action]}\n${body}\n${delimiter}`;
}

/**
 * terminalKeystrokes turns a command (one or more lines) into what the terminal sends when it is typed:
 * each line ends with Enter (`\r`), as a keyboard does, so the shell's line editor sees a continuation
 * for every heredoc line.
 */
export function terminalKeystrokes(command: string): string {
  const lines = command.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.map((line) => `${line}\r`).join('');
}
