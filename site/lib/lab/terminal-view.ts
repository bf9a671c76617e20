/**
 * TerminalView: the lab's « Terminal » tab. xterm.js with the fit addon, attached to the sandbox terminal
 * WebSocket; reconnects with backoff when the socket drops, and offers AZERTY-safe copy and paste
 * (Ctrl-Shift-C/V and a right click). Loaded with a dynamic import: xterm.js never weighs on the lesson page
 * (its small stylesheet comes with the LabPane component's CSS).
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { platformLinks } from '../terminal-links';
import { clipboardShortcut, isLeaveTerminalKey, pasteText } from '../terminal-shortcuts';
import {
  inputFrame,
  parseServerControl,
  reconnectDelay,
  resizeFrame,
  terminalSocketUrl,
} from '../terminal-protocol';

/** TerminalStatus is the connection state shown next to the sandbox state. */
export type TerminalStatus = 'connecting' | 'attached' | 'closed';

export interface TerminalViewOptions {
  container: HTMLElement;
  sandboxId: string;
  onStatus: (status: TerminalStatus) => void;
  /** onLeave is called on F6: the page moves the focus out of the terminal. */
  onLeave: () => void;
  /** socketUrl overrides the WebSocket URL (the instructor's read-only view of a learner's terminal). */
  socketUrl?: (cols: number, rows: number) => string;
  /** readOnly shows the output only: no keystroke, paste or resize is sent. */
  readOnly?: boolean;
}

const LIGHT = {
  background: '#ffffff',
  foreground: '#1d2330',
  cursor: '#2457c5',
  selectionBackground: '#b9cdf5',
};
const DARK = {
  background: '#0e1117',
  foreground: '#e6e9f0',
  cursor: '#7aa2ff',
  selectionBackground: '#34476e',
};

/**
 * TerminalView owns one xterm and one socket at a time. `send` queues keystrokes typed by the page (click
 * to run, the editor's buttons) until the shell is attached, so a click right after page load still works.
 */
export class TerminalView {
  private readonly term: Terminal;
  private readonly fit = new FitAddon();
  private socket: WebSocket | undefined;
  private attempt = 0;
  private attached = false;
  private pending: string[] = [];
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: TerminalViewOptions) {
    this.term = new Terminal({
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace",
      fontSize: 14,
      cursorBlink: !options.readOnly,
      disableStdin: options.readOnly ?? false,
      scrollback: 5000,
      theme: isDark() ? DARK : LIGHT,
    });
    this.term.loadAddon(this.fit);
    this.term.open(options.container);
    // `kubectl port-forward` and the service proxy print platform paths: a click opens them in a new tab.
    this.term.registerLinkProvider({
      provideLinks: (y, callback) => {
        const line = this.term.buffer.active.getLine(y - 1)?.translateToString(true) ?? '';
        const links = platformLinks(line).map((link) => ({
          range: { start: { x: link.start + 1, y }, end: { x: link.end, y } },
          text: link.path,
          activate: () => window.open(new URL(link.path, window.location.origin), '_blank', 'noopener'),
        }));
        callback(links.length > 0 ? links : undefined);
      },
    });
    this.term.onData((data) => this.sendRaw(data));
    this.term.attachCustomKeyEventHandler((event) => this.onKey(event));
    options.container.addEventListener('contextmenu', (event) => this.onContextMenu(event));
    new ResizeObserver(() => this.refit()).observe(options.container);
    new MutationObserver(() => (this.term.options.theme = isDark() ? DARK : LIGHT)).observe(
      document.documentElement,
      { attributes: true, attributeFilter: ['data-theme'] },
    );
    this.refit();
    this.connect();
  }

  /** send types `keystrokes` into the shell (queued until the terminal is attached). */
  send(keystrokes: string): void {
    if (this.attached && this.socket?.readyState === WebSocket.OPEN) this.socket.send(inputFrame(keystrokes));
    else this.pending.push(keystrokes);
  }

  /** focus moves the keyboard focus into the terminal. */
  focus(): void {
    this.term.focus();
  }

  /** refit resizes the terminal to its container and tells the shell the new size. */
  refit(): void {
    if (this.options.container.offsetParent === null) return; // hidden tab: keep the last size
    this.fit.fit();
    if (this.socket?.readyState === WebSocket.OPEN && !this.options.readOnly)
      this.socket.send(resizeFrame(this.term.cols, this.term.rows));
  }

  /** dispose closes the socket for good. */
  dispose(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket?.close(1000);
    this.term.dispose();
  }

  private connect(): void {
    this.options.onStatus('connecting');
    const url =
      this.options.socketUrl?.(this.term.cols, this.term.rows) ??
      terminalSocketUrl(window.location, this.options.sandboxId, this.term.cols, this.term.rows);
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.addEventListener('message', (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data !== 'string') {
        this.term.write(new Uint8Array(event.data));
        return;
      }
      const control = parseServerControl(event.data);
      if (control?.type === 'attached') {
        this.attached = true;
        this.attempt = 0;
        this.options.onStatus('attached');
        for (const keys of this.pending.splice(0)) socket.send(inputFrame(keys));
      } else if (control?.type === 'error') {
        this.term.write(`\r\n\x1b[31m${control.message}\x1b[0m\r\n`);
      }
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.attached = false;
      this.options.onStatus('closed');
      if (this.stopped) return;
      // Why always reconnect, even after `exit`: the server starts a fresh shell on the next attach, which
      // is what a learner who typed `exit` by habit expects from the lab.
      const delay = reconnectDelay(this.attempt++);
      this.term.write(`\r\n\x1b[2m[connexion perdue, nouvelle tentative dans ${delay / 1000} s]\x1b[0m\r\n`);
      this.retryTimer = setTimeout(() => this.connect(), delay);
    });
  }

  private sendRaw(data: string): void {
    if (this.options.readOnly) return;
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(inputFrame(data));
  }

  /** onKey handles F6 and Ctrl-Shift-C/V; returning false keeps xterm from treating the chord as input. */
  private onKey(event: KeyboardEvent): boolean {
    if (isLeaveTerminalKey(event)) {
      event.preventDefault();
      this.options.onLeave();
      return false;
    }
    const shortcut = clipboardShortcut(event);
    if (!shortcut) return true;
    event.preventDefault();
    if (shortcut === 'copy') void this.copySelection();
    else if (!this.options.readOnly) void this.paste();
    return false;
  }

  /** onContextMenu: right click copies the selection when there is one, pastes otherwise (PuTTY style). */
  private onContextMenu(event: MouseEvent): void {
    event.preventDefault();
    if (this.term.hasSelection()) void this.copySelection();
    else if (!this.options.readOnly) void this.paste();
  }

  private async copySelection(): Promise<void> {
    const text = this.term.getSelection();
    if (text === '') return;
    try {
      await navigator.clipboard.writeText(text);
      this.term.clearSelection();
    } catch {
      this.term.write('\r\n\x1b[33m[copie refusée par le navigateur]\x1b[0m\r\n');
    }
  }

  private async paste(): Promise<void> {
    try {
      const text = await navigator.clipboard.readText();
      if (text !== '') this.term.paste(pasteText(text));
    } catch {
      this.term.write(
        '\r\n\x1b[33m[collage refusé : utilisez Ctrl-Shift-V ou autorisez le presse-papiers]\x1b[0m\r\n',
      );
    }
  }
}

function isDark(): boolean {
  const forced = document.documentElement.dataset.theme;
  if (forced === 'dark' || forced === 'light') return forced === 'dark';
  return window.matchMedia('(prefers-color-scheme: dark)').matches;
}
