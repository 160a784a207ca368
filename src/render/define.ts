/**
 * Registers a custom element unless the tag is taken: two copies of the bundle on one page (an
 * app and a widget both shipping Pulseboard) must not throw "already been used with this registry".
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, constructor);
}
