// The syntax tree of a shell command line, as the parser builds it and the interpreter runs it.

/**
 * WordPart is one piece of a word. `quoted` parts are not field-split, globbed or tilde-expanded.
 * `param` covers `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME:+alt}`, `${#NAME}`, `$?`, `$$`, `$#`, `$0`;
 * `command` is `$(...)` and `arith` is `$((...))`.
 */
export type WordPart =
  | { type: 'literal'; text: string; quoted: boolean }
  | { type: 'param'; name: string; quoted: boolean; op?: ParamOp; arg?: string }
  | { type: 'command'; source: string; quoted: boolean }
  | { type: 'arith'; source: string; quoted: boolean };

/** ParamOp lists the supported `${NAME<op>word}` forms (and `#` for `${#NAME}`). */
export type ParamOp = ':-' | '-' | ':=' | ':+' | '+' | ':?' | '?' | '#';

/** Word is a shell word before expansion. */
export interface Word {
  parts: WordPart[];
}

/** RedirectOp lists the supported redirection operators. */
export type RedirectOp = '>' | '>>' | '>|' | '<' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

/** Redirect is one redirection; `fd` defaults to 1 for output and 0 for input. Heredocs carry their body. */
export interface Redirect {
  fd: number;
  op: RedirectOp;
  target: Word;
  heredoc?: { body: string; expand: boolean };
}

/** Assignment is `NAME=value` before a command (or alone). */
export interface Assignment {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  type: 'simple';
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

export interface IfCommand {
  type: 'if';
  clauses: { condition: List; body: List }[];
  elseBody?: List;
  redirects: Redirect[];
}

export interface LoopCommand {
  type: 'while' | 'until';
  condition: List;
  body: List;
  redirects: Redirect[];
}

export interface ForCommand {
  type: 'for';
  name: string;
  /** items are the words after `in`; absent means `"$@"`, which is empty in an interactive shell. */
  items: Word[];
  body: List;
  redirects: Redirect[];
}

export interface GroupCommand {
  type: 'group' | 'subshell';
  body: List;
  redirects: Redirect[];
}

/** CommandNode is any command that can be an element of a pipeline. */
export type CommandNode = SimpleCommand | IfCommand | LoopCommand | ForCommand | GroupCommand;

export interface Pipeline {
  negate: boolean;
  commands: CommandNode[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

/** List is a sequence of and-or lists separated by `;`, `&` or newlines. */
export interface List {
  items: { andOr: AndOr; background: boolean }[];
}
