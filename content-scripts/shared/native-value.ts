/**
 * Writes a form control's value the way the agent's own edit would, so pages built on React-style
 * controlled inputs keep it: through the element's native `value` setter (a controlled input
 * shadows `value` on the instance, and a plain assignment would go unnoticed), then the given
 * events, bubbling. Used by the Flex dialpad and the Hunkware fieldMap fill.
 */
export function writeInputValue(
  control: HTMLInputElement | HTMLTextAreaElement,
  value: string,
  events: readonly string[] = ["input"],
): void {
  const proto =
    control instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, "value")?.set;
  if (setter) setter.call(control, value);
  else control.value = value;
  for (const type of events) control.dispatchEvent(new Event(type, { bubbles: true }));
}
