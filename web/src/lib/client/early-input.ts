/**
 * What a person types or chooses before a page has hydrated is kept.
 *
 * Svelte 5 writes every field's server-rendered value back into the DOM while it hydrates (`value={…}` and
 * `checked={…}` become `element.value = …` / `element.checked = …`), so on a weak connection a resident who
 * started typing their complaint, or tapped a category, while the page's script was still loading, lost it
 * the moment the script arrived — and a form sent afterwards came back refused for a field they had filled.
 *
 * `watchEarlyInput` runs before hydration (the client `init` hook): it notes every field already changed from
 * its server value, then every change made until hydration ends. `restoreEarlyInput` runs once hydration is
 * done (the root layout's `onMount`, which mounts last): it puts those values back and sends the same
 * `input`/`change` events a person's edit sends, so the components' state follows (a category's questions
 * show, the contact fields hide). Files are never touched by hydration and are left alone.
 */

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

type Kept = { kind: 'value'; value: string } | { kind: 'checked'; checked: boolean } | { kind: 'selected'; selected: boolean[] };

/** Fields changed before hydration, in the order of their last change (a radio group's last choice wins). */
const early = new Map<Control, Kept>();
let watching = false;

function isCheckable(control: Control): control is HTMLInputElement {
  return control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio');
}

function isKeepable(target: EventTarget | null): target is Control {
  if (target instanceof HTMLInputElement) return target.type !== 'file' && target.type !== 'hidden';
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

function stateOf(control: Control): Kept {
  if (control instanceof HTMLSelectElement) return { kind: 'selected', selected: Array.from(control.options, (option) => option.selected) };
  if (isCheckable(control)) return { kind: 'checked', checked: control.checked };
  return { kind: 'value', value: control.value };
}

/** Whether the field differs from what the server rendered (the browser keeps that as its default). */
function changed(control: Control): boolean {
  if (control instanceof HTMLSelectElement) return Array.from(control.options).some((option) => option.selected !== option.defaultSelected);
  if (isCheckable(control)) return control.checked !== control.defaultChecked;
  return control.value !== control.defaultValue;
}

function note(control: Control): void {
  // Choosing a radio unchecks its group's others without an event: only the last choice is kept.
  if (control instanceof HTMLInputElement && control.type === 'radio') {
    for (const other of early.keys()) if (other instanceof HTMLInputElement && other.type === 'radio' && other.name === control.name && other.form === control.form) early.delete(other);
  }
  early.delete(control);
  early.set(control, stateOf(control));
}

function onEdit(event: Event): void {
  if (isKeepable(event.target)) note(event.target);
}

/** Starts noting what is typed or chosen; call before hydration. */
export function watchEarlyInput(root: Document): void {
  if (watching) return;
  watching = true;
  for (const control of root.querySelectorAll<Control>('input, textarea, select')) {
    if (isKeepable(control) && changed(control)) note(control);
  }
  root.addEventListener('input', onEdit, true);
  root.addEventListener('change', onEdit, true);
}

function apply(control: Control, kept: Kept): boolean {
  if (kept.kind === 'selected' && control instanceof HTMLSelectElement) {
    const options = Array.from(control.options);
    if (options.length !== kept.selected.length || options.every((option, i) => option.selected === kept.selected[i])) return false;
    options.forEach((option, i) => (option.selected = kept.selected[i] ?? false));
    return true;
  }
  if (kept.kind === 'checked' && isCheckable(control)) {
    if (control.checked === kept.checked) return false;
    control.checked = kept.checked;
    return true;
  }
  if (kept.kind === 'value' && !(control instanceof HTMLSelectElement) && !isCheckable(control)) {
    if (control.value === kept.value) return false;
    control.value = kept.value;
    return true;
  }
  return false;
}

/** Puts back what hydration overwrote and tells the components; call once hydration is done. */
export function restoreEarlyInput(root: Document): void {
  if (!watching) return;
  root.removeEventListener('input', onEdit, true);
  root.removeEventListener('change', onEdit, true);
  watching = false;
  const kept = [...early];
  early.clear();
  for (const [control, state] of kept) {
    // A field hydration replaced rather than reused is not in the page any more: nothing to put back.
    if (!control.isConnected || !apply(control, state)) continue;
    if (!isCheckable(control) && !(control instanceof HTMLSelectElement)) control.dispatchEvent(new Event('input', { bubbles: true }));
    // A radio unchecked by its neighbour's choice gets no event, as in the browser.
    if (!(isCheckable(control) && control.type === 'radio' && !control.checked)) control.dispatchEvent(new Event('change', { bubbles: true }));
  }
}
