/**
 * TerminalHub keeps one shell per sandbox, shared by every attached tab, with a bounded scrollback of the
 * recent output so a tab that attaches (or reconnects) first sees what the others see.
 */
import type { TerminalProvider, TerminalSession } from './session';

/** TerminalClient is one attached tab. */
export interface TerminalClient {
  /** output receives the shell's output. */
  output(data: string): void;
  /** exited is called when the shell ends. */
  exited(code: number): void;
}

/** Attachment is a client's handle on the shared session. */
export interface Attachment {
  /** Recent output (at most the scrollback limit) to replay on attach. */
  scrollback: string;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  detach(): void;
}

interface Shared {
  session: TerminalSession;
  scrollback: string;
  clients: Set<TerminalClient>;
  unsubscribe: (() => void)[];
}

export class TerminalHub {
  private readonly shared = new Map<string, Promise<Shared>>();

  /**
   * @param provider opens the shells.
   * @param scrollbackChars how much recent output is kept per session (characters).
   */
  constructor(
    private readonly provider: TerminalProvider,
    private readonly scrollbackChars = 64 * 1024,
  ) {}

  /** attach joins the sandbox's shell, opening it on first use. */
  async attach(
    sandboxId: string,
    learnerId: string,
    client: TerminalClient,
    size: { cols: number; rows: number },
  ): Promise<Attachment> {
    let pending = this.shared.get(sandboxId);
    if (!pending) {
      pending = this.open(sandboxId, learnerId, size);
      this.shared.set(sandboxId, pending);
      pending.catch(() => this.shared.delete(sandboxId));
    }
    const shared = await pending;
    shared.clients.add(client);
    return {
      scrollback: shared.scrollback,
      write: (data) => shared.session.write(data),
      resize: (cols, rows) => shared.session.resize(cols, rows),
      detach: () => shared.clients.delete(client),
    };
  }

  /**
   * observe joins the sandbox's shell read-only (the instructor's view): the client receives the output
   * and the scrollback like any tab, but its writes and resizes never reach the shell.
   */
  async observe(
    sandboxId: string,
    learnerId: string,
    client: TerminalClient,
    size: { cols: number; rows: number },
  ): Promise<Attachment> {
    const attachment = await this.attach(sandboxId, learnerId, client, size);
    return {
      scrollback: attachment.scrollback,
      write: () => undefined,
      resize: () => undefined,
      detach: attachment.detach,
    };
  }

  /** sessions is the number of open shells. */
  get sessions(): number {
    return this.shared.size;
  }

  /** close ends the sandbox's shell (sandbox deleted, reset or asleep); attached tabs are told it exited. */
  async close(sandboxId: string): Promise<void> {
    const pending = this.shared.get(sandboxId);
    if (!pending) return;
    this.shared.delete(sandboxId);
    const shared = await pending.catch(() => undefined);
    if (!shared) return;
    this.finish(shared, 0);
  }

  /**
   * sandboxChanged closes the sandbox's shell when the sandbox stops running (asleep, expired, deleted):
   * pass it as the services' onSandboxEvent. A reset keeps the shell (its kubectl reaches the new cluster).
   */
  sandboxChanged(event: { sandboxId: string; state: string }): void {
    if (event.state === 'sleeping' || event.state === 'expired' || event.state === 'deleted') {
      void this.close(event.sandboxId);
    }
  }

  /** closeAll ends every shell (server stop). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.shared.keys()].map((id) => this.close(id)));
  }

  private async open(sandboxId: string, learnerId: string, size: { cols: number; rows: number }) {
    const session = await this.provider.open({ sandboxId, learnerId, ...size });
    const shared: Shared = { session, scrollback: '', clients: new Set(), unsubscribe: [] };
    shared.unsubscribe.push(
      session.onData((data) => {
        shared.scrollback = (shared.scrollback + data).slice(-this.scrollbackChars);
        for (const client of shared.clients) client.output(data);
      }),
    );
    if (session.onExit) {
      shared.unsubscribe.push(
        session.onExit((code) => {
          if (this.shared.get(sandboxId) !== undefined) this.shared.delete(sandboxId);
          this.finish(shared, code);
        }),
      );
    }
    return shared;
  }

  private finish(shared: Shared, code: number): void {
    for (const off of shared.unsubscribe.splice(0)) off();
    for (const client of shared.clients) client.exited(code);
    shared.clients.clear();
    shared.session.close();
  }
}
