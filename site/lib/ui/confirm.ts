/**
 * confirmDialog: a modal `<dialog>` asking the learner to confirm a destructive or irreversible action
 * (reset the sandbox, reveal the solution). The native dialog traps the focus and closes on Escape; the
 * focus returns to the button that opened it.
 */
export function confirmDialog(options: {
  title: string;
  message: string;
  confirmLabel: string;
}): Promise<boolean> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  const dialog = document.createElement('dialog');
  dialog.className = 'confirm-dialog';
  dialog.setAttribute('aria-labelledby', 'confirm-title');
  dialog.setAttribute('aria-describedby', 'confirm-message');
  const title = document.createElement('h2');
  title.id = 'confirm-title';
  title.textContent = options.title;
  const message = document.createElement('p');
  message.id = 'confirm-message';
  message.textContent = options.message;
  const actions = document.createElement('form');
  actions.method = 'dialog';
  actions.className = 'confirm-actions';
  const cancel = document.createElement('button');
  cancel.value = 'cancel';
  cancel.textContent = 'Annuler';
  const confirm = document.createElement('button');
  confirm.value = 'confirm';
  confirm.className = 'primary';
  confirm.textContent = options.confirmLabel;
  actions.append(cancel, confirm);
  dialog.append(title, message, actions);
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
      opener?.focus();
    });
    dialog.showModal();
    cancel.focus();
  });
}
