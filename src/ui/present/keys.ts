// Presenter-mode keyboard shortcuts: which key does what, and when a key belongs to the focused control instead.

export type ShortcutAction = 'runPause' | 'step' | 'reset' | 'prev' | 'next' | 'fullscreen' | 'leave' | 'help';

/** The action a key press asks for, or null; with Ctrl, Alt or Meta a key is the browser's. */
export function actionFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>): ShortcutAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      return 'runPause';
    case 's':
    case 'S':
      return 'step';
    case 'r':
    case 'R':
      return 'reset';
    case 'ArrowLeft':
      return 'prev';
    case 'ArrowRight':
      return 'next';
    case 'f':
    case 'F':
      return 'fullscreen';
    case 'Escape':
    case 'Esc':
      return 'leave';
    case '?':
      return 'help';
    default:
      return null;
  }
}

// Controls that use letters, arrows, Space or Escape themselves: text fields, selects, sliders, spin buttons, composite widgets.
const PRESS_INPUTS = ['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file', 'color'];
const OWNS_KEYS = [
  `input:not(${PRESS_INPUTS.map((t) => `[type="${t}"]`).join(',')})`,
  'textarea',
  'select',
  '[contenteditable]:not([contenteditable="false"])',
  ...['textbox', 'searchbox', 'slider', 'spinbutton', 'combobox', 'listbox', 'grid', 'tree', 'treegrid', 'menu', 'menubar', 'radiogroup', 'tablist', 'toolbar'].map((r) => `[role="${r}"]`),
].join(',');
// Controls that Space presses (a focused button stays that button's).
const OWNS_SPACE = ['button', 'a[href]', 'summary', ...PRESS_INPUTS.map((t) => `input[type="${t}"]`), ...['button', 'link', 'checkbox', 'switch', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'tab', 'radio'].map((r) => `[role="${r}"]`)].join(',');

/** True when the key should do what the focused element does with it, not the shortcut. */
export function focusOwnsKey(target: EventTarget | null, action: ShortcutAction): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest(OWNS_KEYS)) return true;
  // radio buttons move with the arrow keys
  if ((action === 'prev' || action === 'next') && target.closest('input[type="radio"]')) return true;
  return action === 'runPause' && !!target.closest(OWNS_SPACE);
}

export const SHORTCUTS: { keys: string[]; what: string; slides?: boolean }[] = [
  { keys: ['Space'], what: 'Run the lab, pause it, or resume it' },
  { keys: ['S'], what: 'Step: train one more epoch, then pause' },
  { keys: ['R'], what: 'Reset the lab' },
  { keys: ['←', '→'], what: 'Previous or next section', slides: true },
  { keys: ['F'], what: 'Full screen on or off' },
  { keys: ['Esc'], what: 'Leave presenter mode' },
  { keys: ['?'], what: 'Show or hide this list' },
];
